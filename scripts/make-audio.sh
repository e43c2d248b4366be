#!/usr/bin/env bash
# Regenerates the demo's recorded messages (audio/english.mp3, audio/spanish.mp3) with
# Debian's espeak-ng and lame:  apt-get install -y espeak-ng lame && bash scripts/make-audio.sh
# Mono, 22.05 kHz, 32 kbit/s: telephone quality is 8 kHz, so anything more is wasted bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

say() { # voice, text, output
  espeak-ng -v "$1" -s 150 -w "$tmp/speech.wav" "$2"
  lame --quiet -m m --resample 22.05 -b 32 "$tmp/speech.wav" "$3"
}

say en-us "Thank you for calling. This is the recorded message of our demo line. Our office is open Monday to Friday, from nine in the morning to five in the afternoon." audio/english.mp3
say es-419 "Gracias por llamar. Este es el mensaje grabado de nuestra línea de demostración. Nuestra oficina abre de lunes a viernes, de nueve de la mañana a cinco de la tarde." audio/spanish.mp3
ls -l audio/*.mp3
