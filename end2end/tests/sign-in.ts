import { expect, type Page } from "@playwright/test";
import { hydrated } from "./hydration";

// Signs in through the real form (after hydration) and waits for the header's name.
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/entrar");
  await hydrated(page);
  await page.getByTestId("sign-in-email").fill(email);
  await page.getByTestId("sign-in-password").fill(password);
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page.getByTestId("user-name")).toBeVisible();
}
