/**
 * The evaluated values indexed for the many look-ups of reports and pages: built once per
 * build, by year, place and indicator.
 */
import type { IndicatorValue } from '../evaluate/evaluate.ts';

export class ValueIndex {
  private readonly byKey = new Map<string, IndicatorValue>();
  private readonly district = new Map<string, IndicatorValue>();
  private readonly seriesByPlace = new Map<string, IndicatorValue[]>();
  private readonly districtSeriesById = new Map<number, IndicatorValue[]>();
  private readonly years = new Map<number, IndicatorValue[]>();

  constructor(readonly values: readonly IndicatorValue[]) {
    for (const v of values) {
      this.byKey.set(`${v.year}|${v.geoCode}|${v.indicatorId}`, v);
      push(this.seriesByPlace, `${v.geoCode}|${v.indicatorId}`, v);
      if (v.geoLevel === 'district') {
        this.district.set(`${v.year}|${v.indicatorId}`, v);
        push(this.districtSeriesById, v.indicatorId, v);
      }
      push(this.years, v.year, v);
    }
    for (const rows of [...this.seriesByPlace.values(), ...this.districtSeriesById.values()]) rows.sort((a, b) => a.year - b.year);
  }

  /** The value of a place (district or town code) for a year and indicator. */
  get(year: number, geoCode: string, indicatorId: number): IndicatorValue | undefined {
    return this.byKey.get(`${year}|${geoCode}|${indicatorId}`);
  }

  districtValue(year: number, indicatorId: number): IndicatorValue | undefined {
    return this.district.get(`${year}|${indicatorId}`);
  }

  /** Rows of one place and indicator, oldest first, up to `upTo` when given. */
  series(geoCode: string, indicatorId: number, upTo = Infinity): IndicatorValue[] {
    return (this.seriesByPlace.get(`${geoCode}|${indicatorId}`) ?? []).filter((v) => v.year <= upTo);
  }

  /** The district's rows of one indicator, oldest first, up to `upTo` when given. */
  districtSeries(indicatorId: number, upTo = Infinity): IndicatorValue[] {
    return (this.districtSeriesById.get(indicatorId) ?? []).filter((v) => v.year <= upTo);
  }

  /** Every row (district and towns) of one year. */
  ofYear(year: number): readonly IndicatorValue[] {
    return this.years.get(year) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
