/** A seeded PRNG (mulberry32): the same seed gives the same fault schedule or demo history. */
export declare function seededRandom(seed: number): () => number;
/** Picks from weighted choices with `random`. */
export declare function pick<T>(random: () => number, choices: readonly (readonly [T, number])[]): T;
