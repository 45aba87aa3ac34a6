import type { BrowserContext } from "@playwright/test";

// The test clock: the instant the server says it is (see `server/http/test_clock.rs`).
const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3000";

// Brazilian national holidays of `year` as "mm-dd" (the server's calendar has the same).
export function holidays(year: number): Set<string> {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  const easter = Date.UTC(year, month - 1, day);
  const rel = (n: number) => new Date(easter + n * 86_400_000).toISOString().slice(5, 10);
  return new Set(["01-01", "04-21", "05-01", "09-07", "10-12", "11-02", "11-15", "11-20", "12-25",
    rel(-48), rel(-47), rel(-2), rel(60)]);
}

// The first working day (Brasília) at least one day after now, at `hh`:00 -03:00.
export function nextWorkingDay(hh: string): string {
  let t = Date.now() - 3 * 3_600_000 + 86_400_000; // "now" in Brasília, plus a day
  for (;;) {
    const day = new Date(t);
    const iso = day.toISOString().slice(0, 10);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays(day.getUTCFullYear()).has(iso.slice(5))) {
      return `${iso}T${hh}:00:00-03:00`;
    }
    t += 86_400_000;
  }
}

// The server accepts this cookie only when started with SUPORTE_TEST_CLOCK=1 (which it allows
// only on an in-memory database listening on loopback).
export async function setClock(context: BrowserContext, at: string) {
  await context.addCookies([{ name: "suporte_agora", value: at, url: BASE }]);
}

