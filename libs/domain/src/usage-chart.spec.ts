import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHART_COLORS, niceCeiling, usageChart } from './usage-chart';

describe('usage chart layout', () => {
  it('tops the axis at 1, 2 or 5 × 10ⁿ', () => {
    assert.deepEqual([0, 1, 3, 20, 21, 480, 501, 1440].map(niceCeiling), [1, 1, 5, 20, 50, 500, 1000, 2000]);
  });

  it('stacks each day’s pools, heights proportional to CFU-minutes, the first pool at the bottom', () => {
    const days = ['2026-11-01', '2026-11-02', '2026-11-03'];
    const chart = usageChart(days, [
      { label: 'a', values: [10, 0, 30] },
      { label: 'b', values: [10, 0, 0] },
    ]);
    const { plot } = chart;
    assert.equal(chart.bars.length, 3, 'no bar for nothing');
    const [a1, b1, a3] = chart.bars;
    assert.deepEqual([a1.day, b1.day, a3.day], ['2026-11-01', '2026-11-01', '2026-11-03']);
    // Axis top 50: 10 minutes is a fifth of the plot's height.
    assert.ok(Math.abs(a1.height - plot.height / 5) < 1e-9);
    assert.ok(Math.abs(a1.y + a1.height - (plot.y + plot.height)) < 1e-9, 'a sits on the axis');
    assert.ok(Math.abs(b1.y + b1.height - a1.y) < 1e-9, 'b sits on a');
    assert.ok(a3.x > b1.x + b1.width, 'days left to right');
    assert.deepEqual(
      chart.legend.map((l) => [l.label, l.color]),
      [
        ['a', CHART_COLORS[0]],
        ['b', CHART_COLORS[1]],
      ],
    );
    assert.deepEqual(
      chart.yTicks.map((t) => t.label),
      ['0', '12.5', '25', '37.5', '50'],
    );
  });

  it('labels at most about a dozen days of a long period, and draws nothing for no usage', () => {
    const days = Array.from({ length: 31 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`);
    const chart = usageChart(days, []);
    assert.equal(chart.bars.length, 0);
    assert.ok(chart.xLabels.length <= 12 && chart.xLabels[0].label === '12-01');
    assert.deepEqual(
      chart.yTicks.map((t) => t.label),
      ['0', '0.25', '0.5', '0.75', '1'],
    );
  });
});
