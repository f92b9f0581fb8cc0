/**
 * pass^k of one instance (Yao et al. 2024, τ-bench): the chance that k trials
 * drawn without replacement from its n all succeed, `C(c, k) / C(n, k)` for c
 * successes — the unbiased estimate of p^k. Null when k > n.
 *
 * @example passHatK(3, 4, 2) // C(3,2)/C(4,2) = 0.5
 */
export function passHatK(successes: number, n: number, k: number): number | null {
  if (k > n || n <= 0) return null;
  let p = 1;
  for (let j = 0; j < k; j++) p *= (successes - j) / (n - j);
  return Math.max(0, p);
}
