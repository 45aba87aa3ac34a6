import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

async function openOne(customer: Page, title: string): Promise<string> {
  await customer.goto("/ocorrencias/nova");
  await hydrated(customer);
  await customer.getByTestId("occurrence-module").selectOption("fiscal");
  await customer.getByTestId("occurrence-type").selectOption("duvida");
  await customer.getByTestId("occurrence-criticality").selectOption("media");
  await customer.getByTestId("occurrence-title").fill(title);
  await customer.getByTestId("occurrence-description").fill("O boleto 4471 saiu sem a multa de atraso.");
  await customer.getByTestId("occurrence-submit").click();
  await expect(customer).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  return new URL(customer.url()).pathname;
}

// A duplicate closes into the case where the conversation goes on: the customer, looking
// at the duplicate, sees it closed and pointing to the survivor, live.
test("an analyst merges a duplicate and the customer follows it to the survivor", async ({ browser }) => {
  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  const survivor = await openOne(customer, "Boleto sem multa de atraso");
  const duplicate = await openOne(customer, "Boleto sem multa (enviei de novo)");
  await hydrated(customer);
  const survivorNumber = survivor.replace("/ocorrencias/", "");

  const ana = await (await browser.newContext()).newPage();
  await signIn(ana, "ana.n1@uno.example", "AnalistaN1#2026");
  await ana.goto(duplicate);
  await hydrated(ana);
  const merge = ana.getByTestId("merge");
  await merge.locator("summary").click();
  await expect(merge.getByTestId("action-merge")).toHaveAttribute("data-visibility", "public");
  // Into itself: refused with the reason, nothing changes.
  await merge.getByTestId("merge-target").fill(duplicate.replace("/ocorrencias/", ""));
  await merge.getByTestId("merge-reason").fill("Mesmo boleto, aberto duas vezes.");
  await merge.getByTestId("action-merge").click();
  await expect(merge.getByTestId("merge-error")).toContainText("não se unifica a ela mesma");
  await expect(ana.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aberta");

  await merge.getByTestId("merge-target").fill(survivorNumber);
  await merge.getByTestId("action-merge").click();
  await expect(ana.getByTestId("occurrence-state")).toHaveAttribute("data-state", "encerrada");
  await expect(ana.getByTestId("merged-into")).toContainText(`OC ${survivorNumber}`);

  // The customer's open page of the duplicate shows it without a reload.
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "encerrada");
  const pointer = customer.getByTestId("merged-into");
  await expect(pointer).toContainText(`OC ${survivorNumber}`);
  await expect(customer.getByTestId("timeline")).toContainText("Mesmo boleto, aberto duas vezes.");
  await pointer.getByRole("link").click();
  await expect(customer).toHaveURL(new RegExp(`${survivor}$`));
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aberta");
  await expect(customer.getByTestId("timeline")).toContainText("foi unificada a esta. Motivo: Mesmo boleto, aberto duas vezes.");
});
