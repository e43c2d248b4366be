/** Small DOM helpers for the page script. */

/** The element with `id`, checked to be of `type`; throws when the page and the script disagree. */
export function byId<T extends Element>(id: string, type: abstract new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return element;
}

/** Every element matching `selector` inside `root`, checked to be of `type`. */
export function all<T extends Element>(root: ParentNode, selector: string, type: abstract new () => T): T[] {
  return Array.from(root.querySelectorAll(selector)).filter((element): element is T => element instanceof type);
}

/** Sets text, and hides the element when the text is empty. */
export function showText(element: HTMLElement, text: string): void {
  element.textContent = text;
  element.hidden = text === '';
}

/** `fn` after `ms` real milliseconds; returns a cancel function. */
export function after(ms: number, fn: () => void): () => void {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
}
