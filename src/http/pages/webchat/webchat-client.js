// talkgate web chat v2 — the page's entry point: wires the composer and buttons to the
// transport and the view. Runs last in the script webchatClientScript() assembles (after
// webchat-view.js and webchat-transport.js, all inside one function scope).

const TEXT_MAX = 4000;
const FAILURE_TEXT = {
  network: '전송하지 못했습니다. 연결을 확인해 주세요.',
  rejected: '전송하지 못했습니다.',
  invalid: '보낼 수 없는 메시지입니다.',
  unavailable: '지금은 채팅을 사용할 수 없습니다.',
};
const DONE_LABEL = '입력 완료';

function startWebchat(root) {
  const byId = (id) => document.getElementById(id);
  const el = {
    list: byId('webchat-messages'),
    form: byId('webchat-form'),
    input: byId('webchat-input'),
    send: byId('webchat-send'),
    connect: byId('webchat-connect'),
    leave: byId('webchat-leave'),
    status: byId('webchat-status'),
    error: byId('webchat-error'),
  };
  const controls = [el.input, el.send, el.connect, el.leave];
  /** link path of a card button the server marked done → the label it shows instead */
  const doneButtons = new Map();

  const transport = createTransport({
    channelId: root.dataset.channelId || '',
    onStatus: (text) => {
      el.status.textContent = text;
    },
    onUnavailable: () => {
      el.status.textContent = FAILURE_TEXT.unavailable;
      for (const control of controls) control.disabled = true;
    },
    onMessage: (data) => {
      // the visitor's own message comes back on the stream (history after a reload); the one
      // shown optimistically carries the same id
      if (data.from === 'customer' && [...el.list.children].some((n) => n.dataset.id === data.id)) return;
      const li = incomingItem(data);
      if (li) {
        markDoneButtons(li, doneButtons);
        appendItem(el.list, li);
      }
    },
    onCardState: (data) => {
      if (data.state !== 'done' || typeof data.buttonPath !== 'string') return;
      doneButtons.set(data.buttonPath, typeof data.label === 'string' && data.label ? data.label : DONE_LABEL);
      markDoneButtons(el.list, doneButtons);
    },
  });

  // Shown at once (optimistic); its status follows the delivery, with a retry on failure.
  function submit(item, event, onDone) {
    setItemStatus(item, 'sending');
    transport
      .send(event, () => setItemStatus(item, 'retrying'))
      .then((result) => {
        if (result.ok) setItemStatus(item, 'sent');
        else {
          const canRetry = result.reason === 'network' || result.reason === 'rejected';
          setItemStatus(
            item,
            'failed',
            FAILURE_TEXT[result.reason],
            canRetry ? () => submit(item, event, onDone) : null,
          );
        }
        if (onDone) onDone(result);
      });
  }

  function sendText(text) {
    const eventId = transport.newEventId();
    const { li, bubble } = messageItem('customer', 'text', eventId);
    appendText(bubble, text);
    appendItem(el.list, li);
    submit(li, { type: 'message', eventId, text });
  }

  function sendAction(type, label, button) {
    const eventId = transport.newEventId();
    const { li, bubble } = messageItem('customer', type, eventId);
    bubble.textContent = label;
    appendItem(el.list, li);
    button.disabled = true;
    // A pause before the button works again keeps a double tap from asking twice.
    submit(li, { type, eventId }, () =>
      setTimeout(() => {
        button.disabled = false;
      }, 3000),
    );
  }

  function showError(text) {
    el.error.textContent = text;
    el.input.setAttribute('aria-invalid', text ? 'true' : 'false');
  }

  function autosize() {
    el.input.style.height = 'auto'; // CSSOM, which the CSP allows (style attributes it does not)
    el.input.style.height = Math.min(el.input.scrollHeight + 2, 160) + 'px';
  }

  function trySend() {
    const text = el.input.value.trim();
    if (!text) return;
    if (Array.from(text).length > TEXT_MAX) {
      showError(`메시지는 ${TEXT_MAX.toLocaleString('ko-KR')}자까지 보낼 수 있습니다.`);
      return;
    }
    showError('');
    el.input.value = '';
    autosize();
    sendText(text);
    el.input.focus();
  }

  // On touch keyboards Enter makes a new line and the send button sends.
  const coarsePointer = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;

  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    trySend();
  });
  el.input.addEventListener('keydown', (event) => {
    // isComposing / 229: this Enter confirms a Hangul syllable in the IME; it is not a send.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    if (coarsePointer) return;
    event.preventDefault();
    trySend();
  });
  el.input.addEventListener('input', () => {
    autosize();
    if (el.error.textContent) showError('');
  });
  el.connect.addEventListener('click', () =>
    sendAction('connect_request', '상담원 연결을 요청했습니다.', el.connect),
  );
  el.leave.addEventListener('click', () => sendAction('leave', '상담을 종료했습니다.', el.leave));
  addEventListener('online', transport.reopenNow);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') transport.reopenNow();
  });

  for (const control of controls) control.disabled = false;
  transport.start();
}

{
  const root = document.getElementById('webchat');
  if (root) startWebchat(root);
}
