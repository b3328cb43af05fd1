import { expect, type Page } from '@playwright/test';

/** Signs in through the login form and waits for the app's navigation. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('nav[aria-label="Primary"]')).toBeVisible();
}
