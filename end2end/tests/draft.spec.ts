import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

// The occurrence draft kept in the browser belongs to the person who typed it: the next
// person on a shared computer never sees it, and signing out wipes it.

async function draftKeys(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith("suporte.rascunho-ocorrencia")),
  );
}

test("a draft is its author's own and is gone after sign-out", async ({ page }) => {
  await signIn(page, "gp@alimentos.example", "ClienteVip#2026");
  await page.evaluate(() => localStorage.clear());
  await page.goto("/ocorrencias/nova");
  await hydrated(page);
  const title = "Relatório de estoque sem os itens do depósito 2";
  await page.getByTestId("occurrence-title").fill(title);
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem("suporte.rascunho-ocorrencia:gp@alimentos.example") ?? ""), {
      message: "the draft is kept under its author's key",
    })
    .toContain(title);

  // The other contact of the same company, on the same browser, starts empty.
  await page.evaluate(() =>
    localStorage.setItem(
      "suporte.rascunho-ocorrencia:ti@alimentos.example",
      JSON.stringify({ kind: "erro", module: "", criticality: "alta", title: "o rascunho da TI", description: "", steps: "" }),
    ),
  );
  await page.getByTestId("sign-out").click();
  await expect(page.getByTestId("sign-in-link")).toBeVisible();
  await expect
    .poll(() => draftKeys(page), { message: "drafts left in the browser after sign-out" })
    .toEqual([]);

  await signIn(page, "ti@alimentos.example", "ClienteVip2#2026");
  await page.goto("/ocorrencias/nova");
  await hydrated(page);
  await expect(page.getByTestId("occurrence-title")).toHaveValue("");
  // Typing now keeps a draft of this person's own, not the first one's.
  await page.getByTestId("occurrence-title").fill("Dúvida da TI");
  await expect
    .poll(() => draftKeys(page), { message: "draft keys after the second person typed" })
    .toEqual(["suporte.rascunho-ocorrencia:ti@alimentos.example"]);
});
