/** A nested object of strings: the shape of a message bundle and of each feature's part of it. */
export interface MessageTree {
  readonly [key: string]: string | MessageTree;
}

/** The same keys as `T`, with any string values: what a translation has to provide. */
export type Translation<T> = { readonly [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

type Intersection<Parts> = Parts extends readonly [infer Head, ...infer Rest] ? Head & Intersection<Rest> : unknown;

/** The namespaces defined by more than one of `Parts`. */
type DefinedTwice<Parts, Seen extends PropertyKey = never> = Parts extends readonly [infer Head, ...infer Rest]
  ? (keyof Head & Seen) | DefinedTwice<Rest, Seen | keyof Head>
  : never;

type EachNamespaceOnce<Parts> = [DefinedTwice<Parts>] extends [never] ? unknown : { namespaceDefinedTwice: DefinedTwice<Parts> };

/**
 * One bundle from the texts of the features: their top-level namespaces side by side, typed as one object.
 * A namespace defined by two parts is a type error that names it (`namespaceDefinedTwice`), never a silent override.
 */
export function mergeTexts<const Parts extends readonly MessageTree[]>(
  ...parts: Parts & EachNamespaceOnce<Parts>
): { readonly [K in keyof Intersection<Parts>]: Intersection<Parts>[K] } {
  return Object.assign({}, ...parts);
}
