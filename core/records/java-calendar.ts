/*
 * java.util.GregorianCalendar as SimpleDateFormat uses it in the connector's
 * JVM (lenient, UTC, default cutover): Julian before 1582-10-15, Gregorian
 * from then on, and out-of-range fields rolled over from the first of the
 * month. Athena shows the resulting instant on the proleptic Gregorian
 * calendar, so a date written before the cutover comes back shifted (by ten
 * days in 1582, by two in the year 99), and a day inside the ten days that do
 * not exist (1582-10-05..14) is taken as Julian: 1582-10-10 shows 1582-10-20.
 */

export const MS_PER_DAY = 86_400_000;

const floorDiv = (a: number, b: number) => Math.floor(a / b);
const mod = (a: number, b: number) => a - floorDiv(a, b) * b;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12, day in range), year 0 = 1 BC. */
export function gregorianEpochDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = floorDiv(153 * (month + (month > 2 ? -3 : 9)) + 2, 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100) + dayOfYear - 719_468;
}

/** Julian dates, counted like the Gregorian ones from a March-based year; the offset makes Julian 1582-10-05 Gregorian 1582-10-15. */
function julianDayCount(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  return floorDiv(y, 4) * 1461 + mod(y, 4) * 365 + floorDiv(153 * (month + (month > 2 ? -3 : 9)) + 2, 5) + day - 1;
}

/** GregorianCalendar's default cutover, 1582-10-15, as an epoch day. */
export const CUTOVER_EPOCH_DAY = gregorianEpochDay(1582, 10, 15);
const JULIAN_OFFSET = CUTOVER_EPOCH_DAY - julianDayCount(1582, 10, 5);

/** Days since 1970-01-01 of a Julian date (month 1-12, day in range), year 0 = 1 BC. */
export function julianEpochDay(year: number, month: number, day: number): number {
  return julianDayCount(year, month, day) + JULIAN_OFFSET;
}

export interface CivilDate {
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  readonly day: number;
}

/** The proleptic Gregorian date of an epoch day (what Athena shows). */
export function gregorianDate(epochDay: number): CivilDate {
  const z = epochDay + 719_468;
  const era = floorDiv(z, 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = floorDiv(dayOfEra - floorDiv(dayOfEra, 1460) + floorDiv(dayOfEra, 36_524) - floorDiv(dayOfEra, 146_096), 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100));
  const mp = floorDiv(5 * dayOfYear + 2, 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfYear - floorDiv(153 * mp + 2, 5) + 1 };
}

/** The Julian date of an epoch day. */
export function julianDate(epochDay: number): CivilDate {
  const z = epochDay - JULIAN_OFFSET;
  const cycle = floorDiv(z, 1461);
  const inCycle = z - cycle * 1461;
  const yearOfCycle = Math.min(3, floorDiv(inCycle, 365));
  const dayOfYear = inCycle - yearOfCycle * 365;
  const mp = floorDiv(5 * dayOfYear + 2, 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: cycle * 4 + yearOfCycle + (month <= 2 ? 1 : 0), month, day: dayOfYear - floorDiv(153 * mp + 2, 5) + 1 };
}

/** The date Java's calendar names for an epoch day: Julian before the cutover. */
export function javaCalendarDate(epochDay: number): CivilDate {
  return epochDay < CUTOVER_EPOCH_DAY ? julianDate(epochDay) : gregorianDate(epochDay);
}

/** The calendar fields a parse leaves set, already resolved (see SimpleDateFormat's CalendarBuilder and Calendar.selectFields). */
export interface CalendarFields {
  /** Astronomical: 0 = 1 BC. */
  readonly year: number;
  /** 0-based and unbounded, as Calendar.MONTH. */
  readonly month: number;
  /** Unbounded day of the month (day 1 when only a month was parsed). */
  readonly dayOfMonth?: number;
  /** Set instead of month and day when DAY_OF_YEAR was the most recent date field. */
  readonly dayOfYear?: number;
  /** Milliseconds into the day, unbounded (25:00 is the next day). */
  readonly timeOfDay: number;
  /** The parsed zone's offset from UTC in milliseconds. */
  readonly zoneOffset: number;
}

/** GregorianCalendar.computeTime for a lenient calendar in UTC. */
export function calendarMillis(f: CalendarFields): number {
  let dayShift = Math.trunc(f.timeOfDay / MS_PER_DAY);
  let timeOfDay = f.timeOfDay % MS_PER_DAY;
  while (timeOfDay < 0) {
    timeOfDay += MS_PER_DAY;
    dayShift--;
  }
  const fixedDate = (epochDay: (year: number, month: number, day: number) => number) => {
    if (f.dayOfYear !== undefined) return dayShift + epochDay(f.year, 1, 1) + f.dayOfYear - 1;
    // An out-of-range month moves the year; the day counts from the first of the month.
    const year = f.year + floorDiv(f.month, 12);
    return dayShift + epochDay(year, mod(f.month, 12) + 1, 1) + (f.dayOfMonth ?? 1) - 1;
  };
  // Gregorian from the cutover on; Julian before it, and inside the ten days that do not exist (lenient
  // GregorianCalendar takes the Julian reading there); a day of the cutover year counts from its Julian January 1st.
  let day: number;
  if (f.year < 1582 || (f.year === 1582 && f.dayOfYear !== undefined)) day = fixedDate(julianEpochDay);
  else {
    const gregorian = fixedDate(gregorianEpochDay);
    day = gregorian >= CUTOVER_EPOCH_DAY ? gregorian : fixedDate(julianEpochDay);
  }
  return day * MS_PER_DAY + timeOfDay - f.zoneOffset;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** How Athena writes a date: yyyy-MM-dd, proleptic Gregorian, a sign before years below 1. */
export function dateText(epochDay: number): string {
  const { year, month, day } = gregorianDate(epochDay);
  return `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** How Athena writes a timestamp in UTC: yyyy-MM-dd HH:mm:ss.SSS. */
export function timestampText(epochMillis: number): string {
  const day = Math.floor(epochMillis / MS_PER_DAY);
  const ms = epochMillis - day * MS_PER_DAY;
  const time = `${pad(Math.floor(ms / 3_600_000), 2)}:${pad(Math.floor(ms / 60_000) % 60, 2)}:${pad(Math.floor(ms / 1000) % 60, 2)}.${pad(ms % 1000, 3)}`;
  return `${dateText(day)} ${time}`;
}
