// The error page's shape in both apps (their own app.d.ts say the same): a registry code and its message.
declare global {
  namespace App {
    interface Error {
      message: string;
      code: string;
    }
  }
}

export {};
