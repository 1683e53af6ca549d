import type { CliGroup } from './main.ts';

export const run: CliGroup = async (_args, io) => {
  io.err('dangky-hw printer: not implemented yet');
  return 2;
};
