import { expect, test } from '@playwright/test';
import { signIn, system } from './system.ts';

/**
 * Wrong passwords slow a sign-in down: after a few, the counter's sign-in page says in Vietnamese
 * that the person must wait, and holds the button until then. The administrator sees the failures
 * on the staff page and lifts them; the right password then signs in at once.
 */
test('failed sign-ins: the wait said in Vietnamese, seen and lifted by an administrator', async ({ browser }) => {
  const adminPage = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await adminPage.goto(system().counterUrl);
  await adminPage.getByTestId('login-server').fill(system().serverUrl);
  await signIn(adminPage, 'admin.hcm');
  await adminPage.getByTestId('admin-tab-staff').click();

  // A new clerk, so no other journey's account is touched.
  const id = `clerk.khoa${Date.now().toString(36)}`;
  const password = 'Hoa-sen-no-ben-song-27';
  await adminPage.getByTestId('staff-username').fill(id);
  await adminPage.getByTestId('staff-display-name').fill('Nhân viên thử khoá');
  await adminPage.getByTestId('staff-sites').fill('hcm-ben-thanh');
  await adminPage.getByTestId('staff-password').fill(password);
  await adminPage.getByTestId('staff-save').click();
  await expect(adminPage.getByTestId(`staff-row-${id}`)).toBeVisible();

  const page = await (await browser.newContext()).newPage();
  await page.goto(system().counterUrl);
  await page.getByTestId('login-server').fill(system().serverUrl);
  await page.getByTestId('login-username').fill(id);
  await page.getByTestId('login-password').fill('khong-phai-mat-khau');
  const error = page.getByTestId('login-error');
  // Three wrong passwords cost nothing but the refusal; past them each try must wait (doubling),
  // so within a few quick tries the page is told to wait.
  for (let i = 0; i < 6; i++) {
    await page.getByTestId('login-submit').click();
    await expect(error).toHaveAttribute('data-code', /DK_ERR_(BAD_CREDENTIALS|SIGN_IN_THROTTLED)/);
    if ((await error.getAttribute('data-code')) === 'DK_ERR_SIGN_IN_THROTTLED') break;
    await expect(page.getByTestId('login-submit')).toBeEnabled();
  }
  await expect(error).toHaveAttribute('data-code', 'DK_ERR_SIGN_IN_THROTTLED');
  await expect(error).toContainText('Bạn đã nhập sai mật khẩu nhiều lần');
  await expect(page.getByTestId('login-wait')).toContainText(/Có thể thử lại sau \d+ giây/);
  await expect(page.getByTestId('login-submit')).toBeDisabled();
  await expect(page.getByTestId('login-submit')).toContainText(/còn \d+ giây/);

  // The administrator sees the failures and lifts them (an audited action).
  await adminPage.reload();
  await adminPage.getByTestId('admin-tab-staff').click();
  await expect(adminPage.getByTestId(`staff-sign-in-${id}`)).toContainText(/\d+ lần đăng nhập sai/);
  await adminPage.getByTestId(`staff-unlock-${id}`).click();
  await expect(adminPage.getByTestId(`staff-sign-in-${id}`)).toHaveCount(0);
  await expect(adminPage.getByTestId(`staff-unlock-${id}`)).toHaveCount(0);

  // Once the page's own countdown ends, the right password signs in.
  await expect(page.getByTestId('login-submit')).toBeEnabled({ timeout: 70_000 });
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-submit')).toHaveCount(0);
});
