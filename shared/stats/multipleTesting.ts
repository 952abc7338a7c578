/** Multiple-testing adjustments of p-values (same conventions as R's p.adjust). */

/** Bonferroni adjustment: min(1, p * m). NaN entries stay NaN and do not count towards m. */
export function bonferroniAdjust(pValues: readonly number[]): number[] {
  const count = pValues.filter((value) => !Number.isNaN(value)).length;
  return pValues.map((value) => (Number.isNaN(value) ? Number.NaN : Math.min(1, value * count)));
}

/** Benjamini-Hochberg step-up adjustment (false discovery rate), returned in input order. */
export function benjaminiHochbergAdjust(pValues: readonly number[]): number[] {
  const indexed = pValues
    .map((value, index) => ({ value, index }))
    .filter((entry) => !Number.isNaN(entry.value))
    .sort((left, right) => right.value - left.value || left.index - right.index);
  const count = indexed.length;
  const adjusted = pValues.map(() => Number.NaN);
  let runningMinimum = 1;
  indexed.forEach((entry, position) => {
    const rank = count - position;
    runningMinimum = Math.min(runningMinimum, (entry.value * count) / rank);
    adjusted[entry.index] = runningMinimum;
  });
  return adjusted;
}
