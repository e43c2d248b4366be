/**
 * How long an audio file plays, read from its bytes: MP3 by walking its frame headers (so
 * constant and variable bit rates both come out right), WAV from its header. Pure; runs in Node
 * and in the browser; never throws. Plivo plays MP3 and WAV.
 */

/** Kilobits per second by [version 1 or 2][layer 1..3][bitrate index]; MPEG 2.5 uses version 2's. */
const BITRATES: Readonly<Record<1 | 2, readonly (readonly number[])[]>> = {
  1: [
    [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  2: [
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
};

/** Samples per second by version (MPEG 1, 2, 2.5) and rate index. */
const SAMPLE_RATES: Readonly<Record<'1' | '2' | '2.5', readonly number[]>> = {
  '1': [44100, 48000, 32000],
  '2': [22050, 24000, 16000],
  '2.5': [11025, 12000, 8000],
};

interface Frame { bytes: number; samples: number; sampleRate: number }

/** Milliseconds of sound in `data` (MP3 or WAV), or undefined when it is neither or is damaged. */
export function audioLengthMs(data: Uint8Array): number | undefined {
  return wavLengthMs(data) ?? mp3LengthMs(data);
}

/** Sum of the frames' durations, after any ID3v2 tag; undefined when no frame is found. */
export function mp3LengthMs(data: Uint8Array): number | undefined {
  let offset = id3v2Size(data);
  let seconds = 0;
  let frames = 0;
  while (offset + 4 <= data.length) {
    const frame = frameAt(data, offset);
    if (frame === undefined) {
      // Before the first frame: skip junk byte by byte. After it: trailing tags (ID3v1, APE) end the stream.
      if (frames > 0) break;
      offset += 1;
      continue;
    }
    seconds += frame.samples / frame.sampleRate;
    frames += 1;
    offset += frame.bytes;
  }
  return frames === 0 ? undefined : Math.round(seconds * 1000);
}

/** An MPEG audio frame header at `offset`, or undefined. */
function frameAt(data: Uint8Array, offset: number): Frame | undefined {
  const b1 = data[offset] ?? 0;
  const b2 = data[offset + 1] ?? 0;
  const b3 = data[offset + 2] ?? 0;
  if (b1 !== 0xff || (b2 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b2 >> 3) & 0b11;
  const layerBits = (b2 >> 1) & 0b11;
  if (versionBits === 0b01 || layerBits === 0b00) return undefined;
  const version = versionBits === 0b11 ? '1' : versionBits === 0b10 ? '2' : '2.5';
  const layer = 4 - layerBits; // 0b11 → layer 1, 0b10 → 2, 0b01 → 3
  const kbps = BITRATES[version === '1' ? 1 : 2][layer - 1]?.[(b3 >> 4) & 0x0f];
  const sampleRate = SAMPLE_RATES[version][(b3 >> 2) & 0b11];
  if (kbps === undefined || kbps === 0 || sampleRate === undefined) return undefined;
  const padding = (b3 >> 1) & 1;
  const bitrate = kbps * 1000;
  if (layer === 1) return { bytes: (Math.floor((12 * bitrate) / sampleRate) + padding) * 4, samples: 384, sampleRate };
  const samples = layer === 3 && version !== '1' ? 576 : 1152;
  return { bytes: Math.floor(((samples / 8) * bitrate) / sampleRate) + padding, samples, sampleRate };
}

/** Length of an ID3v2 tag at the start (header, sync-safe size, optional footer), or 0. */
function id3v2Size(data: Uint8Array): number {
  if (data.length < 10 || data[0] !== 0x49 || data[1] !== 0x44 || data[2] !== 0x33) return 0; // "ID3"
  const size = (((data[6] ?? 0) & 0x7f) << 21) | (((data[7] ?? 0) & 0x7f) << 14) | (((data[8] ?? 0) & 0x7f) << 7) | ((data[9] ?? 0) & 0x7f);
  const footer = ((data[5] ?? 0) & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

/** A RIFF/WAVE file's `data` size over its byte rate, or undefined when `data` is not WAV. */
export function wavLengthMs(data: Uint8Array): number | undefined {
  const text = (at: number): string => String.fromCharCode(...data.subarray(at, at + 4));
  if (data.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let byteRate: number | undefined;
  for (let offset = 12; offset + 8 <= data.length; ) {
    const id = text(offset);
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ' && offset + 16 <= data.length) byteRate = view.getUint32(offset + 16, true);
    if (id === 'data') {
      if (byteRate === undefined || byteRate === 0) return undefined;
      // A streamed WAV may say 0 or 0xFFFFFFFF: take what is there.
      const bytes = size === 0 || size === 0xffffffff ? data.length - offset - 8 : Math.min(size, data.length - offset - 8);
      return Math.round((bytes / byteRate) * 1000);
    }
    offset += 8 + size + (size % 2);
  }
  return undefined;
}
