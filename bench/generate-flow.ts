import { stringify } from 'yaml';

/**
 * A large, valid flow for the load benchmark: `count` nodes (at least 8), two languages, every
 * node reachable from the entry. The entry picks the language like the demo; below it a tree of
 * menus (2-9 choices each, some pointing back up: "0 for the previous menu") whose leaves are
 * say, play, dial and hangup nodes. Says and plays lead back to their menu, dials fall back to
 * it when nobody answers, so every path ends in a hang-up, a transfer or a menu's goodbye.
 * Deterministic for a given `seed`. Audio paths are the repo's `audio/english.mp3` and
 * `audio/spanish.mp3`.
 *
 * `tsx bench/generate-flow.ts 10000 > /tmp/big.yaml && npm run validate -- /tmp/big.yaml`
 * (copy audio/ beside it) checks the output with the real validator.
 */
export function generateFlow(count: number, seed = 7): string {
  if (count < 8) throw new Error('generateFlow: at least 8 nodes');
  const random = mulberry32(seed);
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const nodes: Record<string, unknown> = {};
  let made = 0;
  const newId = (type: string): string => `${type}_${++made}`;

  nodes['language'] = {
    type: 'menu',
    description: 'Picks the language, in both.',
    prompt: [
      { say: 'Welcome. For English, press 1.', language: 'en' },
      { say: 'Para español, oprima 2.', language: 'es' },
    ],
    choices: { '1': { goto: 'menu_1', language: 'en' }, '2': { goto: 'menu_1', language: 'es' } },
  };
  made = 0;
  const queue: { id: string; parent: string | undefined }[] = [{ id: newId('menu'), parent: undefined }];
  let remaining = count - 2; // the language menu and menu_1 exist already

  for (let head = 0; head < queue.length; head++) {
    const { id, parent } = queue[head] ?? { id: '', parent: undefined };
    const wanted = between(2, 9);
    const choices: Record<string, string> = {};
    const lines: string[] = [];
    const lastInQueue = head === queue.length - 1;
    for (let key = 1; key <= wanted; key++) {
      if (remaining === 0) break;
      // Keep the tree growing until the budget is spent: the last open menu always gets a sub-menu.
      const roll = lastInQueue && key === 1 && remaining > 1 ? 0 : random();
      const type = roll < 0.3 && remaining > 1 ? 'menu' : roll < 0.55 ? 'say' : roll < 0.75 ? 'play' : roll < 0.9 ? 'dial' : 'hangup';
      const child = newId(type);
      remaining--;
      choices[String(key)] = child;
      lines.push(`${key} for ${child.replace('_', ' ')}`);
      if (type === 'menu') queue.push({ id: child, parent: id });
      else nodes[child] = leaf(type, child, id, made);
    }
    // A menu needs two choices; with the budget spent, the second goes back up.
    if (parent !== undefined && (Object.keys(choices).length < 2 || random() < 0.5)) {
      choices['0'] = parent;
      lines.push('0 for the previous menu');
    }
    if (Object.keys(choices).length < 2) choices['9'] = 'language';
    nodes[id] = {
      type: 'menu',
      prompt: { en: `Press ${lines.join(', ')}.`, es: `Oprima ${lines.join(', ')}.` },
      choices,
      ...(random() < 0.2 ? { timeout: between(3, 10), attempts: between(1, 4) } : {}),
    };
  }

  return stringify({
    entry: 'language',
    languages: { en: { speak: 'en-US', voice: 'WOMAN' }, es: { speak: 'es-US', voice: 'WOMAN' } },
    defaults: {
      timeout: 6,
      attempts: 3,
      invalid: { en: 'Sorry, that is not one of the options.', es: 'Lo siento, esa no es una de las opciones.' },
      noInput: { en: 'Sorry, I did not hear a choice.', es: 'Lo siento, no escuché ninguna opción.' },
      goodbye: { en: 'Thank you for calling. Goodbye.', es: 'Gracias por llamar. Adiós.' },
    },
    nodes,
  });
}

function leaf(type: string, id: string, menu: string, n: number): Record<string, unknown> {
  switch (type) {
    case 'say':
      return { type: 'say', prompt: { en: `This is message ${n}. Our office is open from nine to five.`, es: `Este es el mensaje ${n}. Nuestra oficina abre de nueve a cinco.` }, next: menu };
    case 'play':
      return { type: 'play', audio: { en: 'audio/english.mp3', es: 'audio/spanish.mp3' }, next: menu };
    case 'dial':
      return {
        type: 'dial',
        prompt: { en: 'Please hold while we connect you.', es: 'Por favor espere mientras lo comunicamos.' },
        number: `+1415555${String(n % 10000).padStart(4, '0')}`,
        timeout: 20,
        onNoAnswer: menu,
      };
    default:
      return { type: 'hangup', description: `ends ${id}`, prompt: { en: 'Goodbye.', es: 'Adiós.' } };
  }
}

/** A small seeded PRNG, so every run benchmarks the same file. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(generateFlow(Number(process.argv[2] ?? '10000')));
}
