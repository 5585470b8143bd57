/**
 * Loaded by every page: the language switch (in place, and in the address so a reload or a printout keeps it; charts
 * listen for `langchange`) and the print button.
 */
const switcher = document.getElementById('lang-switch');
switcher?.addEventListener('click', () => {
  const lang = switcher.getAttribute('data-next') === 'en' ? 'en' : 'zh';
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  // Drop-downs cannot hold both languages: a page with one is rendered again in the other language.
  if (document.querySelector('[data-reload-on-lang]')) {
    location.replace(url);
    return;
  }
  document.documentElement.setAttribute('data-lang', lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  switcher.setAttribute('data-next', lang === 'zh' ? 'en' : 'zh');
  switcher.textContent = lang === 'zh' ? 'English' : '中文';
  history.replaceState(null, '', url);
  for (const input of document.querySelectorAll<HTMLInputElement>('input[name=lang]')) input.value = lang;
  document.dispatchEvent(new CustomEvent('langchange', { detail: lang }));
});
document.getElementById('print-button')?.addEventListener('click', () => window.print());
