import { expect, type Page } from "@playwright/test";
import { hydrated } from "./hydration";

export interface NewOccurrence {
  title: string;
  description: string;
  steps: string;
  /// Defaults to "media".
  criticality?: string;
  /// The analyst's option label, to direct the case to them.
  analyst?: string;
}

// Opens a fiscal error occurrence through the form, as the customer signed in on `page`;
// returns its path (`/ocorrencias/AAAA/NNNNNN`) once the page shows it.
export async function openOccurrence(page: Page, o: NewOccurrence): Promise<string> {
  await page.goto("/ocorrencias/nova");
  await hydrated(page);
  await page.getByTestId("occurrence-module").selectOption("fiscal");
  await page.getByTestId("occurrence-type").selectOption("erro");
  await page.getByTestId("occurrence-criticality").selectOption(o.criticality ?? "media");
  await page.getByTestId("occurrence-title").fill(o.title);
  await page.getByTestId("occurrence-description").fill(o.description);
  await page.getByTestId("occurrence-steps").fill(o.steps);
  if (o.analyst) {
    await page.getByTestId("occurrence-analyst").selectOption({ label: o.analyst });
  }
  await page.getByTestId("occurrence-submit").click();
  await expect(page).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  return new URL(page.url()).pathname;
}
