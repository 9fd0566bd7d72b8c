export interface Int8RefCase { name: string; cell: 'lstm' | 'gru'; T: number; I: number; H: number; seed: number }
export const CASES: Int8RefCase[];
export function caseTensors(c: Int8RefCase): {
  params: Record<string, { shape: number[]; data: Float32Array }>;
  x: { shape: number[]; data: Float32Array };
};
