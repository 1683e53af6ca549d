import { describe, expect, it } from 'vitest';
import { importCycles } from './cycles.js';

const graphOf = (edges) => {
  const graph = new Map();
  for (const [from, to] of edges) {
    if (!graph.has(from)) graph.set(from, []);
    if (to !== undefined) graph.get(from).push(to);
  }
  return graph;
};

describe('importCycles', () => {
  it.each([
    { name: 'a chain has none', edges: [['a', 'b'], ['b', 'c'], ['c']], cycles: [] },
    { name: 'a diamond has none', edges: [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd'], ['d']], cycles: [] },
    {
      name: 'two modules importing each other',
      edges: [
        ['main', 'groups'],
        ['groups', 'main'],
      ],
      cycles: [['groups', 'main']],
    },
    { name: 'a module importing itself', edges: [['a', 'a']], cycles: [['a']] },
    {
      name: 'a loop of three behind a tail',
      edges: [
        ['tail', 'a'],
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
      ],
      cycles: [['a', 'b', 'c']],
    },
    {
      name: 'two separate cycles',
      edges: [
        ['x', 'y'],
        ['y', 'x'],
        ['p', 'q'],
        ['q', 'p'],
        ['x', 'p'],
      ],
      cycles: [
        ['p', 'q'],
        ['x', 'y'],
      ],
    },
    { name: 'an import of a module outside the graph', edges: [['a', 'zod']], cycles: [] },
  ])('$name', ({ edges, cycles }) => {
    expect(importCycles(graphOf(edges))).toEqual(cycles);
  });

  it('follows a chain longer than the call stack could recurse', () => {
    const edges = Array.from({ length: 5_000 }, (_, i) => [`m${i}`, `m${i + 1}`]);
    edges.push(['m5000', 'm0']);
    const [cycle] = importCycles(graphOf(edges));
    expect(cycle).toHaveLength(5_001);
  });
});
