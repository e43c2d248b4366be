/**
 * How this project starts Debian's Chromium headless (the demo and the browser tests): never a
 * test tool's own browser download. Without the networking switches Chromium keeps trying to
 * reach Google's services, which this closed network refuses, many connections at a time.
 */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--autoplay-policy=no-user-gesture-required',
];
