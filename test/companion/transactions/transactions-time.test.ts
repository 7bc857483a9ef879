import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TransactionsTime } from '../../../src/companion/transactions/transactions-time.js';
import { zonedMonth } from '../../../src/companion/transactions/month-figures.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { memoryLogger } from '../helpers/fixtures.js';

describe("HA's time zone and the turn of its days", () => {
  it('nothing is known before HA told its zone', () => {
    const time = new TransactionsTime(new FakeClock(), memoryLogger(), () => {});
    assert.equal(time.context(), undefined);
  });

  it('the sensors are due again at midnight in HA zone, and the month resets on the 1st', async () => {
    const clock = new FakeClock(Date.parse('2026-11-30T12:00:00Z'));
    const turns: string[] = [];
    const time = new TransactionsTime(clock, memoryLogger(), () => {
      const ctx = time.context()!;
      turns.push(zonedMonth(ctx.now, ctx.timeZone).last_reset);
    });
    time.setTimeZone('America/New_York');
    assert.deepEqual(turns, []);
    await clock.advance(Date.parse('2026-12-01T04:59:00Z') - clock.now());
    assert.equal(turns.length, 0);
    await clock.advance(60_000);
    assert.deepEqual(turns, ['2026-12-01T00:00:00-05:00']);
    await clock.advance(24 * 60 * 60_000);
    assert.equal(turns.length, 2);
    time.close();
  });

  it('a zone Node does not know is ignored with a warning', () => {
    const log = memoryLogger();
    let turns = 0;
    const time = new TransactionsTime(new FakeClock(), log, () => turns++);
    time.setTimeZone('Mars/Olympus_Mons');
    assert.equal(time.context(), undefined);
    assert.equal(turns, 0);
    assert.match(log.lines.join('\n'), /time zone is unknown/);
  });

  it('a new zone is followed at once, and its midnight from then on', async () => {
    const clock = new FakeClock(Date.parse('2026-12-10T12:00:00Z'));
    let turns = 0;
    const time = new TransactionsTime(clock, memoryLogger(), () => turns++);
    time.setTimeZone('Europe/Berlin');
    time.setTimeZone('Asia/Tokyo');
    assert.equal(time.context()?.timeZone, 'Asia/Tokyo');
    // Tokyo's midnight is 15:00 UTC; Berlin's (23:00 UTC) no longer counts.
    await clock.advance(3 * 60 * 60_000);
    assert.equal(turns, 1);
    await clock.advance(8 * 60 * 60_000);
    assert.equal(turns, 1);
    time.close();
  });
});
