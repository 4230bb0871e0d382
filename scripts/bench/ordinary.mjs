// The "ordinary pages" set of `make bench`: pages that are not flow pages, built to look like the web
// people browse — news articles, documentation, shops, search results, dashboards and web-app
// screens — with the things that make a detector look twice: search boxes, "Sign in" links, a
// sign-in form on some, newsletter and comment forms, cookie banners, many links; sizes from 5 KB
// to 2 MB. None of them is in the labelled corpus (they are generated here, deterministically from
// a seed, into target/bench/ordinary/).
//
//   node scripts/bench/ordinary.mjs [count] [seed]    writes the pages and prints a summary
//
// Each page is served at a made-up ordinary host of its kind (host-resolver rules map it to the
// local test server, as for the corpus).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../tests/lib/corpus.mjs';

export const ORDINARY_DIR = join(ROOT, 'target', 'bench', 'ordinary');

/** mulberry32: a small seeded PRNG, so the same seed gives the same pages on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Words of ordinary pages, per language: what articles, shops and docs are made of.
const LANGS = {
  en: {
    words: 'the of and to in a is that for it as was with on by at from this be are have which one their all were when there can an more about would other some time these two may first into only new people over after also most many before year city market team season report data project design system user file page list price order review garden travel recipe weather music film river coffee history school health energy road bridge museum library station harbor island mountain village festival kitchen window table chair lamp paper story chapter method value result figure sample study field model version release feature update change support guide section example option setting'.split(' '),
    ui: { home: 'Home', news: 'News', docs: 'Docs', shop: 'Shop', about: 'About', contact: 'Contact', signin: 'Sign in', register: 'Create account', search: 'Search', subscribe: 'Subscribe', newsletter: 'Get our weekly newsletter', email: 'Email address', cookies: 'We use cookies to improve your experience and to measure traffic.', accept: 'Accept all', reject: 'Reject non-essential', settings: 'Cookie settings', comment: 'Leave a comment', name: 'Name', post: 'Post comment', addcart: 'Add to cart', next: 'Next', prev: 'Previous', results: 'results', filter: 'Filter', sort: 'Sort by', password: 'Password', forgot: 'Forgot password?', remember: 'Remember me', privacy: 'Privacy', terms: 'Terms', help: 'Help', share: 'Share', readmore: 'Read more', save: 'Save', cancel: 'Cancel', edit: 'Edit', new: 'New', export: 'Export', overview: 'Overview', reports: 'Reports', projects: 'Projects', inbox: 'Inbox', archive: 'Archive', stock: 'In stock', reviews: 'reviews', related: 'Related articles', toc: 'On this page', lastupd: 'Last updated' },
  },
  de: {
    words: 'der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach bei um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei Stadt Markt Jahr Woche Bericht Daten Projekt Garten Reise Rezept Wetter Musik Fluss Kaffee Geschichte Schule Energie Straße Brücke Museum Bahnhof Hafen Insel Dorf Fest Küche Fenster Tisch Stuhl Lampe Kapitel Methode Ergebnis Beispiel Version Funktion Einstellung Anleitung Abschnitt'.split(' '),
    ui: { home: 'Startseite', news: 'Nachrichten', docs: 'Dokumentation', shop: 'Shop', about: 'Über uns', contact: 'Kontakt', signin: 'Anmelden', register: 'Konto erstellen', search: 'Suchen', subscribe: 'Abonnieren', newsletter: 'Unser wöchentlicher Newsletter', email: 'E-Mail-Adresse', cookies: 'Wir verwenden Cookies, um Ihr Erlebnis zu verbessern und Zugriffe zu messen.', accept: 'Alle akzeptieren', reject: 'Nur notwendige', settings: 'Cookie-Einstellungen', comment: 'Kommentar schreiben', name: 'Name', post: 'Kommentar senden', addcart: 'In den Warenkorb', next: 'Weiter', prev: 'Zurück', results: 'Ergebnisse', filter: 'Filtern', sort: 'Sortieren nach', password: 'Passwort', forgot: 'Passwort vergessen?', remember: 'Angemeldet bleiben', privacy: 'Datenschutz', terms: 'AGB', help: 'Hilfe', share: 'Teilen', readmore: 'Weiterlesen', save: 'Speichern', cancel: 'Abbrechen', edit: 'Bearbeiten', new: 'Neu', export: 'Exportieren', overview: 'Übersicht', reports: 'Berichte', projects: 'Projekte', inbox: 'Posteingang', archive: 'Archiv', stock: 'Auf Lager', reviews: 'Bewertungen', related: 'Ähnliche Artikel', toc: 'Auf dieser Seite', lastupd: 'Zuletzt aktualisiert' },
  },
  fr: {
    words: 'le de la et les des en un une du est que pour qui dans sur par plus pas au avec ce il sont se ne sa son ou mais comme nous leur été aussi ville marché année semaine rapport données projet jardin voyage recette météo musique rivière café histoire école énergie route pont musée gare port île village fête cuisine fenêtre table chaise lampe chapitre méthode résultat exemple version fonction réglage guide section'.split(' '),
    ui: { home: 'Accueil', news: 'Actualités', docs: 'Documentation', shop: 'Boutique', about: 'À propos', contact: 'Contact', signin: 'Se connecter', register: 'Créer un compte', search: 'Rechercher', subscribe: "S'abonner", newsletter: 'Recevez notre lettre hebdomadaire', email: 'Adresse e-mail', cookies: "Nous utilisons des cookies pour améliorer votre expérience et mesurer l'audience.", accept: 'Tout accepter', reject: 'Tout refuser', settings: 'Paramètres des cookies', comment: 'Laisser un commentaire', name: 'Nom', post: 'Publier', addcart: 'Ajouter au panier', next: 'Suivant', prev: 'Précédent', results: 'résultats', filter: 'Filtrer', sort: 'Trier par', password: 'Mot de passe', forgot: 'Mot de passe oublié ?', remember: 'Se souvenir de moi', privacy: 'Confidentialité', terms: 'Conditions', help: 'Aide', share: 'Partager', readmore: 'Lire la suite', save: 'Enregistrer', cancel: 'Annuler', edit: 'Modifier', new: 'Nouveau', export: 'Exporter', overview: "Vue d'ensemble", reports: 'Rapports', projects: 'Projets', inbox: 'Boîte de réception', archive: 'Archives', stock: 'En stock', reviews: 'avis', related: 'Articles similaires', toc: 'Sur cette page', lastupd: 'Dernière mise à jour' },
  },
  es: {
    words: 'el la de que y en un una los se del las por con no para es al lo como más pero sus le ya o este fue ha sí porque esta son entre cuando muy sin sobre también ciudad mercado año semana informe datos proyecto jardín viaje receta tiempo música río café historia escuela energía carretera puente museo estación puerto isla pueblo fiesta cocina ventana mesa silla lámpara capítulo método resultado ejemplo versión función ajuste guía sección'.split(' '),
    ui: { home: 'Inicio', news: 'Noticias', docs: 'Documentación', shop: 'Tienda', about: 'Quiénes somos', contact: 'Contacto', signin: 'Iniciar sesión', register: 'Crear cuenta', search: 'Buscar', subscribe: 'Suscribirse', newsletter: 'Recibe nuestro boletín semanal', email: 'Correo electrónico', cookies: 'Usamos cookies para mejorar tu experiencia y medir el tráfico.', accept: 'Aceptar todo', reject: 'Rechazar', settings: 'Configurar cookies', comment: 'Deja un comentario', name: 'Nombre', post: 'Publicar comentario', addcart: 'Añadir al carrito', next: 'Siguiente', prev: 'Anterior', results: 'resultados', filter: 'Filtrar', sort: 'Ordenar por', password: 'Contraseña', forgot: '¿Olvidaste tu contraseña?', remember: 'Recordarme', privacy: 'Privacidad', terms: 'Términos', help: 'Ayuda', share: 'Compartir', readmore: 'Leer más', save: 'Guardar', cancel: 'Cancelar', edit: 'Editar', new: 'Nuevo', export: 'Exportar', overview: 'Resumen', reports: 'Informes', projects: 'Proyectos', inbox: 'Bandeja de entrada', archive: 'Archivo', stock: 'En stock', reviews: 'opiniones', related: 'Artículos relacionados', toc: 'En esta página', lastupd: 'Última actualización' },
  },
  ja: {
    words: 'の に は を た が で て と し れ さ ある いる も する から な こと として い や れる など なっ ない この ため その あっ よう また もの という あり まで られ なる へ か だ これ によって により おり より による ず なり られる において ば なかっ なく しかし について 東京 市場 今年 週末 報告 データ 計画 庭園 旅行 料理 天気 音楽 川 珈琲 歴史 学校 電力 道路 橋 美術館 駅 港 島 村 祭り 台所 窓 机 椅子 章 方法 結果 例 版 機能 設定 案内'.split(' '),
    ui: { home: 'ホーム', news: 'ニュース', docs: 'ドキュメント', shop: 'ストア', about: '会社概要', contact: 'お問い合わせ', signin: 'ログイン', register: '新規登録', search: '検索', subscribe: '登録する', newsletter: 'メールマガジンを受け取る', email: 'メールアドレス', cookies: '当サイトでは利便性向上とアクセス解析のためにCookieを使用しています。', accept: 'すべて許可', reject: '必須のみ', settings: 'Cookie設定', comment: 'コメントを書く', name: 'お名前', post: 'コメントを送信', addcart: 'カートに入れる', next: '次へ', prev: '前へ', results: '件', filter: '絞り込み', sort: '並び替え', password: 'パスワード', forgot: 'パスワードをお忘れの方', remember: 'ログイン状態を保持', privacy: 'プライバシー', terms: '利用規約', help: 'ヘルプ', share: 'シェア', readmore: '続きを読む', save: '保存', cancel: 'キャンセル', edit: '編集', new: '新規', export: 'エクスポート', overview: '概要', reports: 'レポート', projects: 'プロジェクト', inbox: '受信トレイ', archive: 'アーカイブ', stock: '在庫あり', reviews: '件のレビュー', related: '関連記事', toc: 'このページの内容', lastupd: '最終更新' },
  },
};

const HOSTS = {
  article: ['www.harborline-news.com', 'www.tallpine-gazette.org', 'magazine.fernwood.net', 'www.kitchen-ledger.com', 'blog.riverstone-travel.com'],
  docs: ['docs.quillstack.dev', 'docs.lanternkit.io', 'developer.pebblecart.com', 'wiki.moorfield.org', 'guide.tessellate.dev'],
  shop: ['shop.larkspur-outdoor.com', 'www.oakandfern-home.com', 'store.bluecanyon-audio.com', 'www.mapleleaf-books.com', 'shop.northwind-bikes.com'],
  search: ['search.findwell.net', 'www.lookabout.org', 'find.seekhaven.com', 'www.quickfind-jobs.com', 'listings.hearthome-realty.com'],
  dashboard: ['app.ledgerlane.io', 'analytics.brightmetric.com', 'status.pinecrest.cloud', 'console.graniteops.dev', 'app.tallyfield.com'],
  webapp: ['app.corkboard.so', 'mail.parcelpost-webmail.net', 'app.taskmeadow.com', 'notes.inkwell.app', 'chat.campfire-hq.com'],
};
const KINDS = Object.keys(HOSTS);

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page({ seed, kind, lang, targetBytes }) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const L = LANGS[lang];
  const t = L.ui;
  const sep = lang === 'ja' ? '' : ' ';
  const words = (n) => Array.from({ length: n }, () => pick(L.words)).join(sep);
  const sentence = () => { const s = words(6 + Math.floor(r() * 14)); return (lang === 'ja' ? s : s[0].toUpperCase() + s.slice(1)) + (lang === 'ja' ? '。' : '.'); };
  const para = () => Array.from({ length: 2 + Math.floor(r() * 5) }, sentence).join(sep);
  const title = () => { const s = words(3 + Math.floor(r() * 5)); return lang === 'ja' ? s : s[0].toUpperCase() + s.slice(1); };
  const slug = () => `${pick(L.words)}-${Math.floor(r() * 9000 + 1000)}`.replace(/[^a-z0-9-]/gi, '') || `p-${Math.floor(r() * 9999)}`;
  const host = pick(HOSTS[kind]);
  const links = (n, base = '') => Array.from({ length: n }, () => `<a href="${base}/${slug()}">${esc(title())}</a>`);
  const withSignInForm = kind !== 'dashboard' && kind !== 'webapp' && r() < 0.12;
  const cookie = r() < 0.5;
  const newsletter = (kind === 'article' || kind === 'shop' || kind === 'docs') && r() < 0.6;
  const comments = kind === 'article' && r() < 0.6;
  const style = pick(['div', 'semantic', 'table']);

  const header = `<header class="top"><a class="logo" href="/">${esc(host.split('.').slice(-2, -1)[0])}</a>
<nav>${[t.home, t.news, t.docs, t.shop, t.about, t.contact].map((x) => `<a href="/${esc(x.toLowerCase().replace(/\s+/g, '-'))}">${esc(x)}</a>`).join(' ')}</nav>
<form class="search" action="/search" role="search"><input type="search" name="q" placeholder="${esc(t.search)}" aria-label="${esc(t.search)}"><button type="submit">${esc(t.search)}</button></form>
${kind === 'dashboard' || kind === 'webapp' ? `<div class="account"><button aria-haspopup="menu">${esc(words(1))} ▾</button></div>` : `<a class="signin" href="/login">${esc(t.signin)}</a> <a href="/join">${esc(t.register)}</a>`}
</header>`;
  const signInForm = withSignInForm ? `<aside class="login"><h3>${esc(t.signin)}</h3><form action="/session" method="post">
<label>${esc(t.email)} <input type="email" name="email" autocomplete="username"></label>
<label>${esc(t.password)} <input type="password" name="password" autocomplete="current-password"></label>
<label><input type="checkbox" name="remember"> ${esc(t.remember)}</label>
<button type="submit">${esc(t.signin)}</button> <a href="/password/forgot">${esc(t.forgot)}</a></form></aside>` : '';
  const cookieBanner = cookie ? `<div class="cookie" role="dialog" aria-label="${esc(t.settings)}"><p>${esc(t.cookies)}</p><button>${esc(t.accept)}</button> <button>${esc(t.reject)}</button> <a href="/cookies">${esc(t.settings)}</a></div>` : '';
  const newsletterForm = newsletter ? `<section class="newsletter"><h3>${esc(t.newsletter)}</h3><form action="/subscribe" method="post"><input type="email" name="email" placeholder="${esc(t.email)}" aria-label="${esc(t.email)}"><button>${esc(t.subscribe)}</button></form></section>` : '';
  const commentForm = comments ? `<section class="comments"><h2>${esc(t.comment)}</h2><form action="/comments" method="post"><label>${esc(t.name)} <input name="author"></label><label>${esc(t.email)} <input type="email" name="email"></label><textarea name="comment" rows="5"></textarea><button type="submit">${esc(t.post)}</button></form></section>` : '';
  const footer = `<footer><nav>${[t.privacy, t.terms, t.help, t.contact, t.about].map((x) => `<a href="/${esc(x.toLowerCase().replace(/\s+/g, '-'))}">${esc(x)}</a>`).join(' · ')}</nav><p>© 2026 ${esc(host)}</p></footer>`;

  // One repeatable unit of the page's body per kind; units are added until the page reaches its size.
  let n = 0;
  const unit = {
    article: () => `${n % 4 === 0 ? `<h2>${esc(title())}</h2>` : ''}<p>${esc(para())}</p>${n % 7 === 3 ? `<figure><div class="img" style="height:120px;background:#ddd"></div><figcaption>${esc(sentence())}</figcaption></figure>` : ''}`,
    docs: () => `${n % 3 === 0 ? `<h2 id="s${n}">${esc(title())}</h2>` : ''}<p>${esc(para())}</p>${n % 4 === 1 ? `<pre><code>${esc(`${pick(['const', 'let', 'fn', 'def'])} ${pick(L.words).replace(/[^a-z]/gi, '') || 'x'}_${n} = ${pick(['load', 'parse', 'render', 'fetch'])}("${slug()}");\n${pick(['print', 'console.log', 'println!'])}(${n});`)}</code></pre>` : ''}${n % 5 === 2 ? `<table><tr><th>${esc(t.settings)}</th><th>Type</th><th>Default</th></tr>${Array.from({ length: 4 }, () => `<tr><td><code>${esc(slug())}</code></td><td>${pick(['string', 'number', 'boolean'])}</td><td>${Math.floor(r() * 100)}</td></tr>`).join('')}</table>` : ''}`,
    shop: () => {
      const price = (r() * 300 + 5).toFixed(2);
      const body = `<h3><a href="/p/${slug()}">${esc(title())}</a></h3><p class="price">€${price}</p><p>${esc(sentence())}</p><p>${'★'.repeat(1 + Math.floor(r() * 5))} ${Math.floor(r() * 900)} ${esc(t.reviews)} · ${esc(t.stock)}</p><button class="add">${esc(t.addcart)}</button>`;
      return style === 'table' ? `<tr><td>${body}</td></tr>` : `<div class="card">${body}</div>`;
    },
    search: () => `<li class="result"><a href="https://${pick(HOSTS[pick(KINDS)])}/${slug()}"><h3>${esc(title())}</h3></a><cite>${esc(pick(HOSTS.article))} › ${esc(slug())}</cite><p>${esc(sentence())} ${esc(sentence())}</p></li>`,
    dashboard: () => (style === 'table' || n % 2 === 0
      ? `<tr><td>${esc(title())}</td><td>${Math.floor(r() * 100000)}</td><td>${(r() * 100).toFixed(1)}%</td><td>${pick(['ok', 'warning', 'paused'])}</td><td><a href="/item/${slug()}">${esc(t.edit)}</a></td></tr>`
      : `<tr><td colspan="5"><div class="chart" style="height:60px;background:linear-gradient(90deg,#9cf ${Math.floor(r() * 100)}%,#eee 0)"></div></td></tr>`),
    webapp: () => `<li class="item"><input type="checkbox" aria-label="${esc(t.edit)}"> <a href="/item/${slug()}">${esc(title())}</a> <span class="meta">${esc(words(3))}</span> <button aria-label="${esc(t.archive)}">${esc(t.archive)}</button></li>`,
  }[kind];

  const wrapOpen = {
    article: `<article><h1>${esc(title())}</h1><p class="byline">${esc(words(2))} · ${esc(t.lastupd)} 2026-11-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}</p>`,
    docs: `<div class="docs"><nav class="sidebar"><ul>${links(30, '/docs').map((a) => `<li>${a}</li>`).join('')}</ul></nav><main><h1>${esc(title())}</h1><nav class="toc"><strong>${esc(t.toc)}</strong></nav>`,
    shop: `<main><h1>${esc(title())}</h1><div class="filters"><label>${esc(t.sort)} <select name="sort"><option>${esc(words(1))}</option><option>${esc(words(1))}</option></select></label> <button>${esc(t.filter)}</button></div>${style === 'table' ? '<table class="grid">' : '<div class="grid">'}`,
    search: `<main><p>${Math.floor(r() * 900000)} ${esc(t.results)}</p><ol class="results">`,
    dashboard: `<div class="app"><nav class="side">${[t.overview, t.reports, t.projects, t.settings, t.help].map((x) => `<a href="/${esc(x.toLowerCase().replace(/\s+/g, '-'))}">${esc(x)}</a>`).join('')}</nav><main><h1>${esc(t.overview)}</h1><div class="kpis">${Array.from({ length: 4 }, () => `<div class="kpi"><span>${esc(title())}</span><b>${Math.floor(r() * 10000)}</b></div>`).join('')}</div><button>${esc(t.export)}</button><table class="data"><tr><th>${esc(t.projects)}</th><th>#</th><th>%</th><th></th><th></th></tr>`,
    webapp: `<div class="app"><nav class="side"><button>${esc(t.new)}</button>${[t.inbox, t.projects, t.archive, t.settings].map((x) => `<a href="/${esc(x.toLowerCase().replace(/\s+/g, '-'))}">${esc(x)}</a>`).join('')}</nav><main><h1>${esc(t.inbox)}</h1><ul class="items">`,
  }[kind];
  const wrapClose = {
    article: `</article><section class="related"><h2>${esc(t.related)}</h2><ul>${links(8, '/news').map((a) => `<li>${a}</li>`).join('')}</ul></section>`,
    docs: `<p><a href="/docs/${slug()}">${esc(t.prev)}</a> · <a href="/docs/${slug()}">${esc(t.next)}</a></p></main></div>`,
    shop: `${style === 'table' ? '</table>' : '</div>'}<p><a href="?page=2">${esc(t.next)}</a></p></main>`,
    search: `</ol><p><a href="?page=2">${esc(t.next)}</a></p></main>`,
    dashboard: '</table></main></div>',
    webapp: '</ul></main></div>',
  }[kind];

  const css = `<style>body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222}header.top{display:flex;gap:1em;align-items:center;padding:.6em 1em;background:#f4f4f4}header nav a{margin-right:.6em}.search input{width:14em}main,article{max-width:60em;margin:1em auto;padding:0 1em}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14em,1fr));gap:1em}.card{border:1px solid #ddd;padding:.6em}.cookie{position:fixed;bottom:0;left:0;right:0;background:#333;color:#fff;padding:1em}.app{display:flex}.side{width:12em;display:flex;flex-direction:column;padding:1em}.docs{display:flex}.sidebar{width:16em}pre{background:#f6f6f6;padding:.5em}table{border-collapse:collapse}td,th{border-bottom:1px solid #eee;padding:.3em .6em}footer{padding:2em 1em;color:#666}</style>`;
  const head = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title())} – ${esc(host)}</title><meta name="viewport" content="width=device-width,initial-scale=1">${css}</head><body>`;
  const tail = `${commentForm}${newsletterForm}${signInForm}${footer}${cookieBanner}</body></html>`;
  const parts = [];
  let size = Buffer.byteLength(head + header + wrapOpen + wrapClose + tail);
  while (size < targetBytes) { const u = unit(); parts.push(u); size += Buffer.byteLength(u); n += 1; }
  const html = head + header + wrapOpen + parts.join('') + wrapClose + tail;
  const path = {
    article: `/news/2026/11/${slug()}`,
    docs: `/docs/${slug()}/${slug()}`,
    shop: `/c/${slug()}`,
    search: `/search?q=${encodeURIComponent(words(2))}`,
    dashboard: `/dashboard/${pick(['overview', 'reports', 'usage', 'billing-history'])}`,
    webapp: `/${pick(['inbox', 'boards/3', 'notes', 'channels/general'])}`,
  }[kind];
  return { html, url: `https://${host}${path}`, withSignInForm, cookie, newsletter, comments };
}

/**
 * Writes `count` ordinary pages (deterministic for `seed`) into `dir` (target/bench/ordinary/) and returns
 * [{file, path, url, kind, lang, bytes}]. Sizes are log-uniform from 5 KB to 2 MB; every size band
 * has every kind.
 */
export function generateOrdinary({ count = 220, seed = 20261207, dir = ORDINARY_DIR } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'pages'), { recursive: true });
  const r = rng(seed);
  const langs = ['en', 'en', 'en', 'de', 'fr', 'es', 'ja'];
  const out = [];
  const minLog = Math.log(5 * 1024);
  const maxLog = Math.log(2 * 1024 * 1024);
  for (let i = 0; i < count; i += 1) {
    const kind = KINDS[i % KINDS.length];
    const lang = langs[Math.floor(r() * langs.length)];
    // Spread evenly over the log-size range, jittered, so each run has the same size mix.
    const frac = i === 0 ? 0 : i === count - 1 ? 1 : ((i * 0.618033988749895) % 1) * 0.9 + r() * 0.1;
    const targetBytes = Math.round(Math.exp(minLog + frac * (maxLog - minLog)));
    const p = page({ seed: seed + i * 7919, kind, lang, targetBytes });
    const file = `pages/${String(i).padStart(3, '0')}-${kind}-${lang}.html`;
    const path = join(dir, file);
    writeFileSync(path, p.html);
    out.push({ file, path, url: p.url, kind, lang, bytes: Buffer.byteLength(p.html), signInForm: p.withSignInForm, cookieBanner: p.cookie, newsletter: p.newsletter, commentForm: p.comments });
  }
  // Two pages of one run may draw the same URL; later ones get a distinct query so each has its own route.
  const seen = new Set();
  for (const p of out) {
    const base = p.url;
    for (let v = 2; seen.has(p.url); v += 1) p.url = `${base}${base.includes('?') ? '&' : '?'}v=${v}`;
    seen.add(p.url);
  }
  writeFileSync(join(dir, 'pages.json'), `${JSON.stringify(out.map(({ path, ...rest }) => rest), null, 1)}\n`);
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pages = generateOrdinary({ count: Number(process.argv[2] || 220), seed: Number(process.argv[3] || 20261207) });
  const kb = pages.map((p) => p.bytes / 1024).sort((a, b) => a - b);
  const byKind = {};
  for (const p of pages) byKind[p.kind] = (byKind[p.kind] || 0) + 1;
  console.log(`${pages.length} ordinary pages in ${ORDINARY_DIR}: ${JSON.stringify(byKind)}; size ${kb[0].toFixed(0)} KB … ${kb[kb.length - 1].toFixed(0)} KB, median ${kb[Math.floor(kb.length / 2)].toFixed(0)} KB; with a sign-in form ${pages.filter((p) => p.signInForm).length}, cookie banner ${pages.filter((p) => p.cookieBanner).length}, newsletter ${pages.filter((p) => p.newsletter).length}, comment form ${pages.filter((p) => p.commentForm).length}`);
}
