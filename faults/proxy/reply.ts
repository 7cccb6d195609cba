// What an API route answers (routes.ts, populate.ts), written out by http.ts.
export type Reply =
  | { status: number; json: unknown }
  | { status: number; text: string; type: string }
  | { status: number; empty: true };
