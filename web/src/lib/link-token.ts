// A mailed link's token is read once from the address bar and then removed
// from it and from the history, so it is neither shown, bookmarked, sent as
// a referrer nor left for the next user of a shared clinic PC. It is kept in
// memory only: a reload asks to open the mail's link again.
let taken: { path: string; token: string } | null = null;

export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token) {
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    taken = { path: url.pathname, token };
  }
  return taken && taken.path === url.pathname ? taken.token : null;
}
