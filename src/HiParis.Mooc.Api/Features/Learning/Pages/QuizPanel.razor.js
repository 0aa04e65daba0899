// The attempt form, helped along: answers are saved as they are given (the form still saves on submit
// without this script), a practice answer is checked at once, and the countdown runs from the server's deadline.

for (const form of document.querySelectorAll('form[data-quiz]')) {
  setUp(form);
}

function setUp(form) {
  const status = form.querySelector('[data-save-status]');
  const locale = document.documentElement.lang || 'en';
  const say = (text) => {
    if (status) {
      status.textContent = text;
    }
  };
  const format = (template, ...values) => (template || '').replace(/\{(\d)\}/g, (_, index) => values[Number(index)]);
  // keepalive: an autosave still running when the learner submits or leaves the page is finished, not dropped.
  const send = (url, method, body) => fetch(url, {
    method,
    keepalive: true,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF': '1' },
    body: JSON.stringify(body),
  });

  // The answers as the API reads them; an empty field clears its answer.
  function answers(only) {
    const result = {};
    for (const fieldset of form.querySelectorAll('[data-question]')) {
      const key = fieldset.dataset.question;
      if (only && key !== only) {
        continue;
      }

      const inputs = [...fieldset.querySelectorAll('input')].filter((input) => input.name === `answer.${key}`);
      const checked = inputs.filter((input) => input.checked).map((input) => input.value);
      const typed = inputs[0]?.value.trim() ?? '';
      switch (fieldset.dataset.type) {
        case 'single':
        case 'multiple':
          result[key] = checked.length ? { options: checked } : null;
          break;
        case 'boolean':
          result[key] = checked.length ? { boolean: checked[0] === 'true' } : null;
          break;
        case 'number': {
          const number = Number(typed.replace(/[\s\u202f]/g, '').replace(',', '.'));
          if (typed === '') {
            result[key] = null;
          } else if (Number.isFinite(number)) {
            result[key] = { number };
          }

          break;
        }
        default:
          result[key] = typed ? { text: typed } : null;
      }
    }

    return result;
  }

  // Autosave: a moment after the last change, and at once when a choice is made.
  let timer = 0;
  let saving = Promise.resolve();
  async function save() {
    clearTimeout(timer);
    saving = saving.then(async () => {
      try {
        const response = await send(form.dataset.answersUrl, 'PUT', { answers: answers() });
        if (response.status === 409) {
          window.location.reload();
          return;
        }

        if (!response.ok) {
          throw new Error(`answers answered ${response.status}`);
        }

        say(format(form.dataset.textSaved, new Date().toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })));
      } catch {
        say(form.dataset.textNotSaved);
      }
    });
    await saving;
  }

  form.addEventListener('change', () => save());
  form.addEventListener('input', (event) => {
    if (event.target.type === 'text') {
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    }
  });

  // The save button is for the form without script; here, saving happens on its own.
  form.querySelector('[data-save]')?.setAttribute('hidden', '');

  // Practice: a click on "Check" asks the server at once and shows the result under the question.
  const checkUrl = form.dataset.checkUrl;
  for (const button of form.querySelectorAll('[data-check]')) {
    button.addEventListener('click', async (event) => {
      if (!checkUrl) {
        return;
      }

      event.preventDefault();
      const key = button.dataset.check;
      const result = form.querySelector(`[data-result-for="${CSS.escape(key)}"]`);
      try {
        const response = await send(checkUrl, 'POST', { answers: answers(key) });
        if (!response.ok) {
          throw new Error(`check answered ${response.status}`);
        }

        const checked = (await response.json()).questions.find((question) => question.key === key);
        if (checked && result) {
          show(result, checked, button.closest('[data-question]'));
        }
      } catch {
        form.requestSubmit(button);
      }
    });
  }

  function show(result, checked, fieldset) {
    result.replaceChildren();
    const line = (text, label) => {
      const paragraph = document.createElement('p');
      if (label) {
        const strong = document.createElement('strong');
        strong.textContent = `${label} `;
        paragraph.append(strong);
      }

      paragraph.append(text);
      result.append(paragraph);
      return paragraph;
    };
    line(checked.correct ? form.dataset.textRight : form.dataset.textWrong).className = `verdict ${checked.correct ? 'right' : 'wrong'}`;
    if (checked.feedback) {
      line(checked.feedback);
    }

    const key = checked.correctAnswer;
    const labels = [...fieldset.querySelectorAll('label')];
    const keyText = key.options
      ? key.options.map((option) => labels.find((label) => label.querySelector(`input[value="${CSS.escape(option)}"]`))?.textContent.trim() ?? option).join(' · ')
      : key.boolean !== undefined
        ? labels.find((label) => label.querySelector(`input[value="${key.boolean}"]`))?.textContent.trim()
        : key.number !== undefined
          ? `${key.number.toLocaleString(locale)}${key.tolerance ? ` (± ${key.tolerance.toLocaleString(locale)})` : ''}`
          : (key.accepted || []).join(' / ');
    if (keyText) {
      line(keyText, form.dataset.textKey);
    }

    if (checked.explanation) {
      line(checked.explanation, form.dataset.textExplanation);
    }
  }

  // The countdown: from the time left when the page was made, so the learner's clock does not matter.
  const countdown = form.querySelector('[data-countdown]');
  if (countdown) {
    const text = countdown.querySelector('[data-countdown-text]');
    const alert = form.querySelector('[data-countdown-alert]');
    const end = performance.now() + (Number(countdown.dataset.countdown) * 1000);
    const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    const tick = () => {
      const left = Math.max(0, Math.round((end - performance.now()) / 1000));
      text.textContent = format(form.dataset.textTimeLeft, clock(left));
      if (left === 300 || left === 60) {
        alert.textContent = text.textContent;
      }

      if (left === 0) {
        clearInterval(interval);
        alert.textContent = form.dataset.textTimeOver;
        form.requestSubmit(form.querySelector('button[value="submit"]'));
      }
    };
    const interval = setInterval(tick, 1000);
    tick();
  }
}
