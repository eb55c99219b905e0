// Progress lines on long work (builds, cluster start-up): one callback type, printed to stderr by default.
export type Progress = (line: string) => void;

export const printProgress: Progress = (line) => process.stderr.write(`${line}\n`);
