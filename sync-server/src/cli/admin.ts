import type { CliGroup } from './main.ts';

export const run: CliGroup = async (_args, io) => {
  io.err('usage: dangky-server admin bootstrap --username U --password-file F [--province 79]');
  return 2;
};
