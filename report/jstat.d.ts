// jstat ships no types; this declares the one function HelixRL calls.
declare module 'jstat' {
  const jStat: {
    /** Student's t distribution: `inv(p, dof)` is the p-quantile. */
    studentt: { inv(p: number, degreesOfFreedom: number): number };
  };
  export default jStat;
}
