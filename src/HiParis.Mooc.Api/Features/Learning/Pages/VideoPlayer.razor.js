// The lesson player. What the video element really played (its `played` ranges) is reported to the server
// every few seconds while it plays, and on pause, end and page hide: seeking plays nothing, so it earns
// nothing. The transcript follows playback and seeks on click; keys drive the video. No framework.

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

for (const root of document.querySelectorAll('[data-player]')) {
  const video = root.querySelector('video');
  if (video) {
    setUp(root, video);
  }
}

function setUp(root, video) {
  const heartbeats = root.dataset.heartbeats || null;
  const intervalMs = Number(root.dataset.interval || 10) * 1000;
  const maxRate = Number(root.dataset.maxRate || 2);
  const threshold = Number(root.dataset.threshold || 0.9);
  const status = root.querySelector('[data-status]');
  const coverage = root.querySelector('[data-coverage]');
  const speed = root.querySelector('[data-speed]');
  const captions = root.querySelector('[data-captions]');
  const transcript = root.querySelector('[data-transcript]');
  const cues = transcript ? [...transcript.querySelectorAll('button[data-start]')] : [];
  const percent = new Intl.NumberFormat(document.documentElement.lang || 'en', { style: 'percent', maximumFractionDigits: 0 });

  // Increasing across visits of the page too: the server ignores a number it has just seen.
  let sequence = Date.now();
  let lastSent = '';
  let lastSentAt = performance.now();
  let lastCaptions = captions?.value || '';
  let currentCue = null;

  const say = (text) => {
    if (status && text) {
      status.textContent = text;
    }
  };
  const format = (template, ...values) => (template || '').replace(/\{(\d)\}/g, (_, index) => values[Number(index)]);
  const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

  // Resume where the learner stopped.
  const position = Number(root.dataset.position || 0);
  const resume = () => {
    if (position > 1 && position < video.duration - 1) {
      video.currentTime = position;
      say(format(root.dataset.textResumed, clock(position)));
    }
  };
  if (video.readyState >= 1) {
    resume();
  } else {
    video.addEventListener('loadedmetadata', resume, { once: true });
  }

  function playedSegments() {
    const segments = [];
    for (let index = 0; index < video.played.length; index++) {
      const start = Math.round(video.played.start(index) * 100) / 100;
      const end = Math.round(video.played.end(index) * 100) / 100;
      if (end > start) {
        segments.push({ start, end });
      }
    }

    return segments.slice(-200);
  }

  function language() {
    const source = [...video.querySelectorAll('source')].find((candidate) => candidate.src === video.currentSrc);
    return source?.dataset.language || undefined;
  }

  async function beat() {
    if (!heartbeats) {
      return;
    }

    const segments = playedSegments();
    const key = JSON.stringify(segments);
    if (segments.length === 0 || key === lastSent) {
      return;
    }

    lastSent = key;
    lastSentAt = performance.now();
    sequence += 1;
    const body = { sequence, playbackRate: Math.min(16, Math.max(0.0625, video.playbackRate)), segments };
    const lang = language();
    if (lang) {
      body.language = lang;
    }

    try {
      // keepalive lets the last report of a page that is going away still reach the server, with its headers.
      const response = await fetch(heartbeats, {
        method: 'POST',
        keepalive: true,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF': '1' },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        throw new Error(`heartbeat answered ${response.status}`);
      }

      show(await response.json());
    } catch {
      lastSent = '';
      say(root.dataset.textNotSaved);
    }
  }

  function show(answer) {
    if (coverage) {
      coverage.value = answer.coverage;
      coverage.textContent = percent.format(answer.coverage);
    }

    root.dataset.lessonState = answer.state;
    say(answer.state === 'completed'
      ? root.dataset.textCompleted
      : format(root.dataset.textWatched, percent.format(answer.coverage), percent.format(threshold)));
  }

  video.addEventListener('timeupdate', () => {
    follow(video.currentTime);
    if (!video.paused && performance.now() - lastSentAt >= intervalMs) {
      beat();
    }
  });
  video.addEventListener('pause', beat);
  video.addEventListener('ended', beat);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      beat();
    }
  });
  window.addEventListener('pagehide', beat);

  // Speed: the choices stop at the fastest rate that earns credit, and so does the player's own menu.
  speed?.addEventListener('change', () => {
    video.playbackRate = Number(speed.value);
  });
  video.addEventListener('ratechange', () => {
    if (video.playbackRate > maxRate) {
      video.playbackRate = maxRate;
      say(format(root.dataset.textFastest, maxRate));
    }

    const option = speed ? [...speed.options].find((candidate) => Number(candidate.value) === video.playbackRate) : null;
    if (option) {
      speed.value = option.value;
    }
  });

  function changeSpeed(step) {
    if (!speed) {
      return;
    }

    const index = Math.min(speed.options.length - 1, Math.max(0, speed.selectedIndex + step));
    speed.selectedIndex = index;
    video.playbackRate = Number(speed.value);
  }

  // Captions: one language shown at a time; the learner's language is the default track.
  function showCaptions(lang) {
    for (const track of video.textTracks) {
      track.mode = lang && track.language === lang ? 'showing' : 'disabled';
    }

    if (captions) {
      captions.value = lang;
    }

    if (lang) {
      lastCaptions = lang;
    }
  }

  captions?.addEventListener('change', () => showCaptions(captions.value));

  function toggleCaptions() {
    const showing = [...video.textTracks].some((track) => track.mode === 'showing');
    showCaptions(showing ? '' : lastCaptions || video.textTracks[0]?.language || '');
  }

  // The transcript follows playback; a click on a line goes there.
  function follow(time) {
    const cue = cues.find((candidate) => time >= Number(candidate.dataset.start) && time < Number(candidate.dataset.end)) || null;
    if (cue === currentCue) {
      return;
    }

    currentCue?.removeAttribute('aria-current');
    currentCue = cue;
    if (cue) {
      cue.setAttribute('aria-current', 'true');
      transcript.scrollTo({ top: Math.max(0, cue.offsetTop - (transcript.clientHeight / 3)), behavior: reducedMotion.matches ? 'auto' : 'smooth' });
    }
  }

  for (const cue of cues) {
    cue.addEventListener('click', () => {
      video.currentTime = Number(cue.dataset.start);
      follow(video.currentTime);
    });
  }

  function seek(by) {
    video.currentTime = Math.min(video.duration || 0, Math.max(0, video.currentTime + by));
  }

  // Keys on the video (the page's own controls keep theirs).
  root.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.target.closest('select, button, input, a, summary')) {
      return;
    }

    const actions = {
      ' ': () => (video.paused ? video.play() : video.pause()),
      k: () => (video.paused ? video.play() : video.pause()),
      ArrowLeft: () => seek(-5),
      ArrowRight: () => seek(5),
      j: () => seek(-10),
      l: () => seek(10),
      '<': () => changeSpeed(-1),
      '>': () => changeSpeed(1),
      c: toggleCaptions,
      m: () => { video.muted = !video.muted; },
      f: () => (document.fullscreenElement ? document.exitFullscreen() : video.requestFullscreen?.()),
    };
    const action = actions[event.key.length === 1 ? event.key.toLowerCase() : event.key] || actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
}
