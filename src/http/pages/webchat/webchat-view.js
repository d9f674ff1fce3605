// talkgate web chat v2 — drawing messages. Plain browser JS, concatenated with
// webchat-transport.js and webchat-client.js into one script by webchatClientScript().
// Everything a server or visitor wrote goes in through textContent; only http(s) URLs are
// ever used as link or image addresses.

const FROM_LABEL = { bot: '봇', agent: '상담원', system: '안내', customer: '나' };

function safeUrl(value) {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value, location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** `<li data-testid="msg" data-from data-kind>` with a sender label and an empty bubble */
function messageItem(from, kind, id) {
  const li = document.createElement('li');
  li.className = 'msg';
  li.dataset.testid = 'msg';
  li.dataset.from = from;
  li.dataset.kind = kind;
  if (id) li.dataset.id = id;
  const who = document.createElement('span');
  who.className = 'msg-from';
  who.textContent = FROM_LABEL[from] || FROM_LABEL.system;
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  li.append(who, bubble);
  return { li, bubble };
}

function link(href, label, className) {
  const a = document.createElement('a');
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  if (className) a.className = className;
  a.textContent = label;
  return a;
}

function appendText(parent, text) {
  const re = /https?:\/\/[^\s<>"']+/g;
  let last = 0;
  for (const match of text.matchAll(re)) {
    const raw = match[0].replace(/[.,!?)\]]+$/, ''); // sentence punctuation is not part of a URL
    const href = safeUrl(raw);
    if (!href) continue;
    parent.append(text.slice(last, match.index), link(href, raw));
    last = match.index + raw.length;
  }
  parent.append(text.slice(last));
}

function image(url, className, alt) {
  const img = document.createElement('img');
  img.className = className;
  img.src = url;
  img.alt = alt;
  img.loading = 'lazy';
  img.decoding = 'async';
  return img;
}

function renderCard(bubble, card) {
  const box = document.createElement('div');
  box.className = 'card';
  const imageUrl = safeUrl(card.imageUrl);
  if (imageUrl) box.append(image(imageUrl, 'card-image', ''));
  const body = document.createElement('div');
  body.className = 'card-body';
  if (typeof card.title === 'string' && card.title) {
    const title = document.createElement('strong');
    title.className = 'card-title';
    title.textContent = card.title;
    body.append(title);
  }
  const description = document.createElement('p');
  description.className = 'card-description';
  appendText(description, typeof card.description === 'string' ? card.description : '');
  body.append(description);
  box.append(body);
  const buttons = document.createElement('div');
  buttons.className = 'card-buttons';
  for (const b of Array.isArray(card.buttons) ? card.buttons : []) {
    const href = b && safeUrl(b.url);
    if (!href || typeof b.label !== 'string') continue;
    const a = link(href, b.label, 'card-button');
    a.dataset.testid = 'card-button';
    buttons.append(a);
  }
  if (buttons.childElementCount > 0) box.append(buttons);
  bubble.append(box);
}

/**
 * Card buttons (links) under `root` whose path is in `done` become a disabled button with the
 * done label: the form behind them was submitted, and a second visit would only be refused.
 */
function markDoneButtons(root, done) {
  for (const a of root.querySelectorAll('a.card-button')) {
    let path;
    try {
      path = new URL(a.href).pathname;
    } catch {
      continue;
    }
    const label = done.get(path);
    if (label === undefined) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'card-button card-button-done';
    button.dataset.testid = 'card-button';
    button.dataset.state = 'done';
    button.disabled = true;
    button.textContent = label;
    a.replaceWith(button);
  }
}

/** one stream event `{id, from, kind, text?, imageUrl?, card?}` as a list item, or null */
function incomingItem(data) {
  const from = data.from === 'bot' || data.from === 'agent' || data.from === 'customer' ? data.from : 'system';
  const { li, bubble } = messageItem(from, String(data.kind), data.id);
  const imageUrl = data.kind === 'image' ? safeUrl(data.imageUrl) : null;
  if (imageUrl) {
    const a = link(imageUrl, '', 'msg-image-link');
    a.append(image(imageUrl, 'msg-image', `${FROM_LABEL[from]}이(가) 보낸 이미지`));
    bubble.append(a);
  } else if (data.kind === 'card' && data.card && typeof data.card === 'object') {
    renderCard(bubble, data.card);
  } else if (typeof data.text === 'string') {
    appendText(bubble, data.text);
  } else {
    return null; // nothing this page can show
  }
  return li;
}

/** appends and keeps the newest message in view unless the visitor scrolled up to read */
function appendItem(list, li) {
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.append(li);
  if (!atBottom && li.dataset.from !== 'customer') return;
  list.scrollTop = list.scrollHeight;
  for (const img of li.querySelectorAll('img')) {
    img.addEventListener(
      'load',
      () => {
        list.scrollTop = list.scrollHeight;
      },
      { once: true },
    );
  }
}

/** data-status sending|retrying|sent|failed on the visitor's own message, with a note */
function setItemStatus(item, status, failureText, retry) {
  item.dataset.status = status;
  const old = item.querySelector('.msg-note');
  if (old) old.remove();
  if (status !== 'retrying' && status !== 'failed') return;
  const note = document.createElement('p');
  note.className = 'msg-note';
  note.textContent = status === 'retrying' ? '전송 중… 연결을 확인하고 있습니다.' : failureText;
  if (retry) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn-quiet msg-retry';
    button.dataset.testid = 'msg-retry';
    button.textContent = '다시 보내기';
    button.addEventListener('click', retry, { once: true });
    note.append(' ', button);
  }
  item.append(note);
}
