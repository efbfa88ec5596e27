/** One automated check's finding: a named signal with a weight (added to the risk score) and a reason. */
export type TRiskSignal = { name: string; weight: number; reason: string };
