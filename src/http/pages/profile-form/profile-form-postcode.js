// talkgate profile form — the address search (PB-18, channels.md "Address search"): the Kakao
// postcode widget embedded in the page (webviews block popups), loaded only when the form has an
// address. If the script fails or is not there within CONFIG.postcodeTimeoutMs, the zone code and
// road address become ordinary required inputs, so the form always works.

function postcodeConstructor() {
  if (window.kakao && typeof window.kakao.Postcode === 'function') return window.kakao.Postcode;
  if (window.daum && typeof window.daum.Postcode === 'function') return window.daum.Postcode; // older bundles
  return null;
}

function text(value) {
  return typeof value === 'string' ? value : '';
}

function clearChildren(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/**
 * Wires the address group inside `form`; `onFilled` runs after the search filled the inputs.
 * Returns null when the form has no address field.
 */
function startAddressSearch(form, onFilled) {
  const group = form.querySelector('[data-address-group]');
  if (!group) return null;
  const byName = function (name) {
    return group.querySelector('input[name="' + name + '"]');
  };
  const zonecode = byName('address.zonecode');
  const road = byName('address.roadAddress');
  const jibun = byName('address.jibunAddress');
  const building = byName('address.buildingName');
  const detail = byName('address.detail');
  const button = group.querySelector('[data-action="postcode"]');
  const container = group.querySelector('[data-postcode]');
  const hint = group.querySelector('[data-postcode-hint]');

  let Postcode = postcodeConstructor();
  let failed = false;
  let openWhenReady = false;
  let timer = null;

  function showHint(message) {
    hint.textContent = message;
    hint.hidden = message === '';
  }

  function close() {
    container.hidden = true;
    clearChildren(container);
    button.setAttribute('aria-expanded', 'false');
  }

  function fill(data) {
    zonecode.value = text(data.zonecode);
    road.value = text(data.roadAddress) || text(data.autoRoadAddress);
    jibun.value = text(data.jibunAddress) || text(data.autoJibunAddress);
    building.value = text(data.buildingName);
    container.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (onFilled) onFilled();
    detail.focus();
  }

  function open() {
    if (!Postcode) {
      openWhenReady = true;
      if (!failed) showHint(CONFIG.texts.postcodeLoading);
      return;
    }
    openWhenReady = false;
    if (!failed) showHint('');
    clearChildren(container);
    container.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    new Postcode({ oncomplete: fill, width: '100%', height: '100%' }).embed(container, { autoClose: true });
    if (container.scrollIntoView) container.scrollIntoView({ block: 'nearest' });
  }

  function ready(constructor) {
    if (timer !== null) clearTimeout(timer);
    Postcode = constructor;
    showHint('');
    // A late load after the fallback still offers the search; the typed inputs stay editable.
    button.hidden = false;
    button.disabled = false;
    if (openWhenReady) open();
  }

  function fallBack() {
    if (timer !== null) clearTimeout(timer);
    if (Postcode || failed) return;
    failed = true;
    zonecode.readOnly = false;
    road.readOnly = false;
    button.hidden = true;
    close();
    showHint(CONFIG.texts.postcodeFailed);
  }

  // While the search is usable the customer picks the address instead of typing it.
  zonecode.readOnly = true;
  road.readOnly = true;
  button.hidden = false;
  button.addEventListener('click', function () {
    if (!container.hidden) close();
    else open();
  });
  [zonecode, road].forEach(function (input) {
    input.addEventListener('click', function () {
      if (input.readOnly && container.hidden) open();
    });
  });

  if (Postcode) {
    ready(Postcode);
  } else {
    const script = document.createElement('script');
    script.src = CONFIG.postcodeUrl;
    script.async = true;
    script.addEventListener('load', function () {
      const constructor = postcodeConstructor();
      if (constructor) ready(constructor);
      else fallBack();
    });
    script.addEventListener('error', fallBack);
    timer = setTimeout(fallBack, CONFIG.postcodeTimeoutMs);
    document.head.appendChild(script);
  }
  return { open: open };
}
