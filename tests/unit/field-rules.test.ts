/**
 * The API's field decorators (src/api/common/fields.ts): the span pattern agrees with the
 * workflows' rule, and each decorator checks what it documents (null only where nullable).
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BadRequestException } from '@nestjs/common';
import fc from 'fast-check';
import { resolveDeadline } from '../../src/api/common/deadline';
import { POSITIVE_DURATION } from '../../src/api/common/duration-pattern';
import { Duration, Durations, isTimestamp, SeatCode, TextField, Title } from '../../src/api/common/fields';
import { isPositiveDuration, isWithinLongestSpan } from '../../workflows/rules/durations';

const accepted = (text: string) => {
  try {
    return isPositiveDuration(text);
  } catch {
    return false;
  }
};

describe('the span pattern of the API and its document', () => {
  test('every span it matches is a positive duration to the workflows', () => {
    const part = fc.oneof(
      fc.constant(''),
      fc.stringMatching(/^[0-9]{1,7}$/),
      fc.stringMatching(/^[0-9]{1,3}[.,][0-9]{1,5}$/),
    );
    const span = fc
      .tuple(part, part, part, part, fc.boolean(), part, part, part)
      .map(([y, mo, w, d, t, h, mi, s]) => {
        const date = [y && `${y}Y`, mo && `${mo}M`, w && `${w}W`, d && `${d}D`].join('');
        const time = [h && `${h}H`, mi && `${mi}M`, s && `${s}S`].join('');
        return `P${date}${t ? `T${time}` : ''}`;
      });
    fc.assert(
      fc.property(span, (text) => !POSITIVE_DURATION.test(text) || accepted(text)),
      { numRuns: 20_000 },
    );
  });

  test('the usual spans match; zero, bare letters and other forms do not', () => {
    for (const text of ['P14D', 'PT30S', 'P1Y2M', 'P6M', 'PT0.5S', 'PT0,5S', 'P1DT12H', 'P2W', 'P0DT1H'])
      expect([text, POSITIVE_DURATION.test(text)]).toEqual([text, true]);
    for (const text of [
      'P',
      'PT',
      'P1DT',
      'P0D',
      'PT0S',
      '14 days',
      'p14d',
      'P1.5D',
      'PT1.5H30M',
      'P14D\n',
      'P１D',
    ])
      expect([text, POSITIVE_DURATION.test(text)]).toEqual([text, false]);
  });
});

test('a timestamp is RFC 3339 with a zone and a real day', () => {
  for (const t of ['2027-01-15T17:00:00Z', '2027-01-15T17:00:00.123+05:30', '2027-01-15t17:00:00z'])
    expect([t, isTimestamp(t)]).toEqual([t, true]);
  for (const t of ['2027-01-15', '2027-01-15T17:00:00', '2027-02-30T00:00:00Z', '', 'soon', 5])
    expect([t, isTimestamp(t)]).toEqual([t, false]);
});

class Sample {
  @Title() title!: string;
  @TextField(200, { optional: true }) region?: string;
  @TextField(200, { optional: true, nullable: true }) note?: string | null;
  @Duration({ optional: true }) votingIn?: string;
  @Durations({ optional: true }) remindBefore?: string[];
  @SeatCode({ optional: true }) seat?: string;
}

const problems = (body: object) =>
  validateSync(plainToInstance(Sample, body)).flatMap((e) => Object.values(e.constraints ?? {}));

describe('the field decorators check what they document', () => {
  test('a valid body passes; left-out optional fields are fine', () => {
    expect(problems({ title: 'A title', votingIn: 'P14D', remindBefore: ['P3D'], seat: 'DE' })).toEqual([]);
    expect(problems({ title: 'A title' })).toEqual([]);
  });

  test('null passes only where the field is nullable', () => {
    expect(problems({ title: 'A title', note: null })).toEqual([]);
    expect(problems({ title: 'A title', region: null })).toContain('region must be a string');
    expect(problems({ title: 'A title', seat: null })).toContain('seat must be a seat code such as DE');
  });

  test('each message names the field and the rule', () => {
    expect(problems({ title: '' })).toEqual(['title should not be empty']);
    expect(problems({ title: 'x'.repeat(301) })).toEqual([
      'title must be shorter than or equal to 300 characters',
    ]);
    expect(problems({ title: 'A', votingIn: 'two weeks' })).toEqual([
      'votingIn must be a positive ISO 8601 duration such as P14D or PT30S',
    ]);
    expect(problems({ title: 'A', remindBefore: ['P3D', 'soon'] })).toEqual([
      'remindBefore[1] must be a positive ISO 8601 duration such as P14D or PT30S',
    ]);
    expect(problems({ title: 'A', seat: 'de' })).toEqual(['seat must be a seat code such as DE']);
  });

  test('a span longer than a hundred years is refused, naming the field and the longest', () => {
    expect(problems({ title: 'A', votingIn: 'P100Y', remindBefore: ['PT876600H'] })).toEqual([]);
    expect(problems({ title: 'A', votingIn: 'P101Y' })).toEqual(['votingIn must be at most P100Y']);
    // What the API fuzzer sent: a date past the year 9999, which Temporal's visibility refuses.
    expect(problems({ title: 'A', votingIn: 'P7872Y0000000000077773W00000167D' })).toEqual([
      'votingIn must be at most P100Y',
    ]);
    expect(problems({ title: 'A', remindBefore: ['P3D', 'PT876601H', 'soon'] })).toEqual([
      'remindBefore[1] must be at most P100Y',
    ]);
  });
});

describe('the longest span', () => {
  test('a hundred calendar years, to the hour', () => {
    expect(['P100Y', 'P1200M', 'P36525D', 'PT876600H', 'P99Y11M30D'].map(isWithinLongestSpan)).toEqual([
      true, true, true, true, true,
    ]); // prettier-ignore
    expect(['P100YT1S', 'P1201M', 'P36526D', 'PT876601H', 'P5218W'].map(isWithinLongestSpan)).toEqual([
      false, false, false, false, false,
    ]); // prettier-ignore
  });

  test('a deadline is at most a hundred years from now, given as an instant or a span', () => {
    const now = Date.parse('2026-12-02T00:00:00Z');
    const refused = (body: Record<string, string>) => {
      try {
        resolveDeadline(body, 'closes', now);
        return null;
      } catch (err) {
        return err instanceof BadRequestException ? err.message : String(err);
      }
    };
    expect(resolveDeadline({ closesAt: '2126-12-02T00:00:00Z' }, 'closes', now)).toBe(
      '2126-12-02T00:00:00.000Z',
    );
    expect(resolveDeadline({ closesIn: 'P100Y' }, 'closes', now)).toBe('2126-12-02T00:00:00.000Z');
    expect(refused({ closesAt: '2126-12-02T00:00:01Z' })).toBe('closesAt must be at most P100Y from now');
    expect(refused({ closesAt: '9999-12-31T23:59:59Z' })).toBe('closesAt must be at most P100Y from now');
  });
});
