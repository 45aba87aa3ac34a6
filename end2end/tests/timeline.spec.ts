import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

// Replies sent through the app's own endpoint (what the reply box posts), so a long
// conversation takes seconds to build.
async function reply(page: Page, number: string, text: string) {
  const status = await page.evaluate(
    async ([number, text]) => {
      const body = new URLSearchParams({ number, action: "reply", text });
      const res = await fetch("/api/agir", { method: "POST", body });
      return res.status;
    },
    [number, text],
  );
  expect(status, `reply "${text}"`).toBe(200);
}

// The page shows the newest 50 entries; "Ver anteriores" brings the rest in order, and a
// live update afterwards neither hides them nor leaves a gap.
test("a long conversation opens at its newest entries and shows the older ones on request", async ({ page }) => {
  await signIn(page, "gp@metalurgica.example", "ClienteOuro#2026");
  await page.goto("/ocorrencias/nova");
  await hydrated(page);
  await page.getByTestId("occurrence-module").selectOption("estoque");
  await page.getByTestId("occurrence-type").selectOption("duvida");
  await page.getByTestId("occurrence-criticality").selectOption("baixa");
  await page.getByTestId("occurrence-title").fill("Inventário com conversa longa");
  await page.getByTestId("occurrence-description").fill("O inventário rotativo diverge do saldo.");
  await page.getByTestId("occurrence-submit").click();
  await expect(page).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  const path = new URL(page.url()).pathname;
  const number = path.replace("/ocorrencias/", "");
  for (let i = 1; i <= 60; i++) await reply(page, number, `Detalhe ${String(i).padStart(2, "0")}`);

  await page.goto(path);
  await hydrated(page);
  const entries = page.getByTestId("timeline-entry");
  await expect(entries).toHaveCount(50);
  await expect(entries.last()).toContainText("Detalhe 60");
  await expect(entries.first()).toContainText("Detalhe 11");
  await page.getByTestId("timeline-earlier").click();
  await expect(entries).toHaveCount(61);
  await expect(entries.first()).toContainText("abriu a ocorrência");
  await expect(page.getByTestId("timeline-earlier")).toHaveCount(0);

  // A new message arrives live (sent from elsewhere): everything stays, in order.
  await reply(page, number, "Detalhe 61");
  await expect(entries).toHaveCount(62);
  const texts = (await page.getByTestId("timeline").locator("p.pre").allTextContents()).filter((t) =>
    t.startsWith("Detalhe"),
  );
  expect(texts, "every reply once, oldest first").toEqual(
    Array.from({ length: 61 }, (_, i) => `Detalhe ${String(i + 1).padStart(2, "0")}`),
  );
});
