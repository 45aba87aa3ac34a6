import { test, expect } from "./fixtures";
import type { Browser, Page } from "@playwright/test";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";
import { openOccurrence } from "./occurrence-form";

const STREAM = "/eventos/ocorrencias";

// Ana's queue in a browser of its own (a browser holds at most six HTTP/1.1 connections
// to one host, so tabs of one browser would queue behind each other's streams).
async function anaQueue(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "ana.n1@uno.example", "AnalistaN1#2026");
  await page.goto("/atendimento");
  await hydrated(page);
  await expect(page.getByTestId("queue")).toBeVisible();
  return page;
}

test("a person's ninth live stream is refused, and that page gets live updates once another closes", async ({ browser }) => {
  const pages: Page[] = [];
  for (let i = 0; i < 8; i++) pages.push(await anaQueue(browser));

  const ninth = await (await browser.newContext()).newPage();
  await signIn(ninth, "ana.n1@uno.example", "AnalistaN1#2026");
  const refused = ninth.waitForResponse((r) => r.url().endsWith(STREAM), { timeout: 15_000 });
  await ninth.goto("/atendimento");
  await hydrated(ninth);
  const first = await refused;
  expect(first.status(), "the ninth stream of one person was not refused").toBe(429);

  // One of the eight goes away; the ninth page asks again by itself and gets in.
  const reopened = ninth.waitForResponse((r) => r.url().endsWith(STREAM) && r.status() === 200, {
    timeout: 30_000,
  });
  await pages[0].context().close();
  await reopened;

  // A case opened now reaches the page that was refused, without a reload by hand.
  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  const path = await openOccurrence(customer, {
    title: "Nona aba ao vivo",
    description: "A nona aba recebe a novidade.",
    steps: "1. Abrir nove abas",
  });
  const number = path.replace("/ocorrencias/", "");
  await expect(
    ninth.locator(`[data-testid="occurrence-row"][data-number="${number}"]`),
    "the page refused a stream did not show the new case live",
  ).toBeVisible();
});
