// talkgate profile form — the page logic: the same checks as the server before sending, inline
// errors, the JSON submit with fetch (TalkTalk's webview blocks plain form submits), and the
// closing states. Runs last in the script profileFormScript() assembles (after CONFIG,
// profile-form-rules.js and profile-form-postcode.js, all in one function scope). Everything the
// server or the customer wrote is shown with textContent; nothing goes into a URL.

function has(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** server paths may come as `address.detail` or `/address/detail` */
function normalisePath(path) {
  return String(path).replace(/^\//, '').replace(/\//g, '.');
}

/** 1990-01-31 while typing digits; hyphens the customer put elsewhere are left alone */
function formatBirthdate(input, event) {
  if (event && typeof event.inputType === 'string' && event.inputType.indexOf('delete') === 0) return;
  const v = input.value;
  if (!/^[\d-]*$/.test(v)) return;
  for (let i = 0; i < v.length; i++) if (v[i] === '-' && i !== 4 && i !== 7) return;
  const d = v.replace(/-/g, '').slice(0, 8);
  let out = d;
  if (d.length > 6) out = d.slice(0, 4) + '-' + d.slice(4, 6) + '-' + d.slice(6);
  else if (d.length > 4) out = d.slice(0, 4) + '-' + d.slice(4);
  if (v.charAt(v.length - 1) === '-' && (out.length === 4 || out.length === 7)) out += '-';
  if (out !== v) input.value = out;
}

function closeWindow(hint) {
  if (window.TalkWebview && typeof window.TalkWebview.close === 'function') {
    window.TalkWebview.close();
  } else if (/KAKAOTALK/i.test(navigator.userAgent)) {
    location.href = 'kakaotalk://inappbrowser/close'; // KakaoTalk's in-app browser
  } else if (history.length > 1) {
    history.back();
  } else {
    window.close();
  }
  // Still visible a moment later: the app or browser did not let the page close itself.
  setTimeout(function () {
    if (hint && document.visibilityState !== 'hidden') hint.textContent = CONFIG.texts.closeHint;
  }, 400);
}

/** TalkTalk opens webview links in its own iframe; TalkWebview.close() comes from its SDK. */
function loadTalkWebviewSdk() {
  if (window.self === window.top || window.TalkWebview) return;
  const script = document.createElement('script');
  script.src = CONFIG.talkWebviewUrl;
  script.async = true;
  document.head.appendChild(script);
}

function startProfileForm(form) {
  const fields = (form.getAttribute('data-fields') || '').split(',').filter(function (f) {
    return f !== '';
  });
  const submit = form.querySelector('[type="submit"]');
  const sending = document.getElementById('form-status');
  const success = document.getElementById('form-success');
  const statePanel = document.getElementById('form-state');
  const slots = {};
  Array.prototype.forEach.call(form.querySelectorAll('[data-error-for]'), function (slot) {
    slots[slot.getAttribute('data-error-for')] = slot;
  });
  const inputs = {};
  Array.prototype.forEach.call(form.querySelectorAll('input[name]'), function (input) {
    inputs[input.name] = input;
  });
  let busy = false;
  form.noValidate = true; // our messages instead of the browser's bubbles

  function value(name) {
    return has(inputs, name) ? inputs[name].value : '';
  }

  /** the submit body: one key per configured field (api.md), the address as an object */
  function readBody() {
    const body = {};
    fields.forEach(function (field) {
      if (field !== 'address') {
        body[field] = value(field);
        return;
      }
      const address = { zonecode: value('address.zonecode'), roadAddress: value('address.roadAddress') };
      if (value('address.jibunAddress') !== '') address.jibunAddress = value('address.jibunAddress');
      if (value('address.buildingName') !== '') address.buildingName = value('address.buildingName');
      address.detail = value('address.detail');
      body.address = address;
    });
    return body;
  }

  function slotKey(path) {
    if (has(slots, path)) return path;
    return path === 'address' || path.indexOf('address.') === 0 ? 'address' : '';
  }

  function inputsFor(path) {
    if (path === 'address') return [inputs['address.zonecode'], inputs['address.roadAddress']];
    return has(inputs, path) && inputs[path].type !== 'hidden' ? [inputs[path]] : [];
  }

  function clearErrors(prefix) {
    Object.keys(slots).forEach(function (key) {
      if (prefix === undefined || key === prefix || key.indexOf(prefix + '.') === 0) slots[key].textContent = '';
    });
    Object.keys(inputs).forEach(function (name) {
      if (prefix === undefined || name === prefix || name.indexOf(prefix + '.') === 0) {
        inputs[name].removeAttribute('aria-invalid');
      }
    });
  }

  function showGeneral(message) {
    slots[''].textContent = message;
  }

  function showErrors(errors) {
    clearErrors();
    let first = null;
    errors.forEach(function (error) {
      const path = normalisePath(error.path);
      const key = slotKey(path);
      const slot = slots[key];
      slot.textContent = slot.textContent === '' ? error.message : slot.textContent + ' ' + error.message;
      let targets = inputsFor(path);
      if (targets.length === 0 && key !== '') targets = inputsFor(key);
      targets.forEach(function (input) {
        if (input) input.setAttribute('aria-invalid', 'true');
      });
      if (!first && targets[0]) first = targets[0];
    });
    if (first) first.focus();
    else slots[''].scrollIntoView({ block: 'center' });
  }

  function showPanel(panel) {
    form.hidden = true;
    panel.hidden = false;
    panel.focus();
  }

  function showState(kind) {
    const state = CONFIG.linkStates[kind];
    statePanel.querySelector('[data-state-title]').textContent = state.title;
    statePanel.querySelector('[data-state-body]').textContent = state.body;
    showPanel(statePanel);
  }

  function onRefused(status, data) {
    if (status === 409) return showState('used');
    if (status === 410) return showState('expired');
    if (status === 404) return showState('not_found');
    if (status === 400 || status === 422) {
      const raw = data && data.error && Array.isArray(data.error.details) ? data.error.details : [];
      const details = raw.filter(function (d) {
        return d && typeof d.path === 'string' && typeof d.message === 'string' && d.message !== '';
      });
      if (details.length > 0) return showErrors(details);
      return showGeneral(CONFIG.texts.invalid);
    }
    return showGeneral(CONFIG.texts.server);
  }

  function send(body) {
    busy = true;
    submit.disabled = true;
    sending.textContent = CONFIG.texts.sending;
    const settle = function () {
      busy = false;
      submit.disabled = false;
      sending.textContent = '';
    };
    fetch(form.action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    })
      .then(
        function (res) {
          if (res.ok) {
            settle();
            showPanel(success);
            return undefined;
          }
          return res
            .json()
            .catch(function () {
              return null;
            })
            .then(function (data) {
              settle();
              onRefused(res.status, data);
            });
        },
        function () {
          settle();
          showGeneral(CONFIG.texts.network);
        },
      )
      .catch(function () {
        settle();
        showGeneral(CONFIG.texts.server);
      });
  }

  startAddressSearch(form, function () {
    clearErrors('address');
  });

  form.addEventListener('input', function (event) {
    const input = event.target;
    if (!input || !input.name) return;
    if (input.name === 'birthdate') formatBirthdate(input, event);
    clearErrors(input.name);
    if (input.name.indexOf('address.') === 0) slots.address.textContent = '';
  });

  const phone = inputs.phone;
  if (phone) {
    phone.addEventListener('blur', function () {
      const normalised = normalizeMobilePhone(phone.value);
      if (normalised !== null) phone.value = normalised;
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (busy) return;
    const body = readBody();
    const errors = checkProfile(fields, body, seoulToday(new Date()));
    if (errors.length > 0) {
      showErrors(errors);
      return;
    }
    clearErrors();
    send(body);
  });
}

function bootProfileForm() {
  loadTalkWebviewSdk();
  Array.prototype.forEach.call(document.querySelectorAll('[data-action="close"]'), function (button) {
    button.hidden = false;
    const hint = button.parentNode.querySelector('[data-close-hint]');
    button.addEventListener('click', function () {
      closeWindow(hint);
    });
  });
  const form = document.getElementById('profile-form');
  if (form) startProfileForm(form);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', bootProfileForm);
else bootProfileForm();
