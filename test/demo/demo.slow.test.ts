import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DEMO_ACCOUNT } from '../../src/demo/plivo-intercept.js';
import { ROOT } from '../helpers/app.js';
import { browserMissing } from '../web/browser.js';

const run = promisify(execFile);

/** Why the demo cannot be made here (no Chromium, ffmpeg, sox or espeak-ng), or undefined; in CI nothing is skipped. */
function toolsMissing(): string | undefined {
  const browser = browserMissing();
  if (browser !== undefined || process.env['CI'] !== undefined) return browser;
  const missing = ['ffmpeg', 'ffprobe', 'sox', 'espeak-ng'].filter((tool) => !existsSync(`/usr/bin/${tool}`));
  return missing.length === 0 ? undefined : `${missing.join(', ')} not installed (apt-get install -y ffmpeg sox espeak-ng)`;
}

interface Stream { codec_type: string; codec_name: string; width?: number; height?: number; pix_fmt?: string }

describe('npm run demo -- --fast (issue 9)', () => {
  const skip = toolsMissing();
  it('writes the transcript, the sound and an H.264 + AAC video of the page as the call runs, into the ignored demo/', { timeout: 180_000, ...(skip === undefined ? {} : { skip }) }, async () => {
    // Issue 18: the default output folder, demo/, is ignored by git: a run changes no committed file.
    const out = join(ROOT, 'demo');
    const gitStatus = async (): Promise<string> => (await run('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ROOT })).stdout;
    const before = await gitStatus();
    const made = await run('npm', ['run', '--silent', 'demo', '--', '--fast'], { cwd: ROOT, timeout: 170_000, maxBuffer: 8 * 1024 * 1024 });
    assert.equal(await gitStatus(), before, 'npm run demo changed files git tracks');
    await run('git', ['check-ignore', '--quiet', join(out, 'transcript.md')], { cwd: ROOT });
    assert.match(made.stdout, /demo\.mp4 {2}0:\d\d/);
    assert.ok(!`${made.stdout}${made.stderr}`.includes(DEMO_ACCOUNT.authToken), 'the auth token must never be printed');

    for (const file of ['demo.mp4', 'demo.wav', 'call-1.wav', 'transcript.md', 'still.png']) {
      assert.ok(existsSync(join(out, file)) && statSync(join(out, file)).size > 1000, `${file} is written`);
    }
    assert.ok(statSync(join(out, 'still.png')).size < 200 * 1024, 'the still is small enough to commit');

    const probe = JSON.parse((await run('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', join(out, 'demo.mp4')])).stdout) as {
      streams: Stream[];
      format: { duration: string };
    };
    const video = probe.streams.find((s) => s.codec_type === 'video');
    const audio = probe.streams.find((s) => s.codec_type === 'audio');
    assert.equal(video?.codec_name, 'h264');
    assert.equal(video.pix_fmt, 'yuv420p');
    assert.equal((video.width ?? 1) % 2, 0);
    assert.equal((video.height ?? 1) % 2, 0);
    assert.equal(audio?.codec_name, 'aac');
    const seconds = Number(probe.format.duration);
    assert.ok(seconds > 20 && seconds <= 45, `a short video: ${seconds} s`);
    const soundSeconds = Number((await run('soxi', ['-D', join(out, 'demo.wav')])).stdout);
    assert.ok(Math.abs(seconds - soundSeconds) < 0.6, `the pictures last as long as the sound (${seconds} s video, ${soundSeconds} s sound)`);

    const transcript = readFileSync(join(out, 'transcript.md'), 'utf8');
    assert.ok(!transcript.includes(DEMO_ACCOUNT.authToken), 'the transcript never shows the auth token');
    // The request the real plivo SDK built, as Plivo received it.
    assert.match(transcript, new RegExp(`POST https://api\\.plivo\\.com/v1/Account/${DEMO_ACCOUNT.authId}/Call/`));
    for (const field of ['"from": "14155550111"', '"to": "14155550122"', '"answer_url": "http://127.0.0.1:', '"hangup_url": "http://127.0.0.1:']) assert.ok(transcript.includes(field), field);
    assert.match(transcript, /form sent `POST \/calls` with `\{"to":"\+14155550122"\}`;\nthe server answered `201`/);
    // Every step of the fast walkthrough, with its time in the video.
    for (const step of [
      'Call placed through `POST /calls`',
      'Level 1: the language menu, in English and Spanish',
      'English chosen (key 1)',
      'Level 2 in English: message or associate',
      'The recorded message played (audio/english.mp3)',
      'Goodbye, then hang-up',
    ]) {
      assert.match(transcript, new RegExp(`\\| 0:\\d\\d \\| 1 \\| ${step.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), step);
    }
    assert.ok(transcript.includes('`[en-US] "Press 1 to hear a message. Press 2 to talk to an associate."`'));
    assert.ok(transcript.includes('`♪ play /audio/english.mp3`'));
    assert.ok(transcript.includes('`✆ hangup: Hangup (NORMAL_CLEARING)`'));
  });
});
