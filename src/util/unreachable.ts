/** The end of an exhaustive `switch`: a case added to the union but not handled fails `tsc` here. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
