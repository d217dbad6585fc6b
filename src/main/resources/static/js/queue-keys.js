// Keyboard shortcuts for the case queue (progressive enhancement: without this script the page works as before,
// and the shortcuts are only mentioned once it runs). j / k move the focus to the next / previous case, Enter opens
// it (the link's own behaviour), / goes to the search field, ? shows the help. Nothing happens while typing in a
// field. The help can turn the shortcuts off (remembered in this browser), as single-key shortcuts should allow.
(function () {
  'use strict';
  var STORE = 'ombuds.queue-keys';
  var help = document.getElementById('queue-keys-help');
  var hint = document.getElementById('queue-keys-hint');
  var opener = document.getElementById('queue-keys-open');
  var toggle = document.getElementById('queue-keys-on');
  var search = document.getElementById('search');
  var canShowHelp = help && typeof help.showModal === 'function';

  function enabled() {
    try {
      return window.localStorage.getItem(STORE) !== 'off';
    } catch (e) {
      return true;
    }
  }

  function remember(on) {
    try {
      if (on) window.localStorage.removeItem(STORE); else window.localStorage.setItem(STORE, 'off');
    } catch (e) {
      // storage refused: the choice lasts for this page only
    }
  }

  var active = enabled();

  function showHelp() {
    if (!canShowHelp || help.open) return;
    if (toggle) toggle.checked = active;
    help.showModal();
  }

  if (hint && canShowHelp) hint.hidden = false;
  if (opener) opener.addEventListener('click', showHelp);
  if (toggle) {
    toggle.checked = active;
    toggle.addEventListener('change', function () {
      active = toggle.checked;
      remember(active);
    });
  }

  function caseLinks() {
    return Array.prototype.slice.call(document.querySelectorAll('main table tbody th[scope="row"] a[href]'));
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
  }

  function move(step) {
    var links = caseLinks();
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    var next = at === -1 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
    links[next].focus();
  }

  document.addEventListener('keydown', function (event) {
    if (!active || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typing(event.target) || (help && help.open)) return;
    switch (event.key) {
      case 'j':
        move(1);
        break;
      case 'k':
        move(-1);
        break;
      case '/':
        if (!search) return;
        search.focus();
        search.select();
        break;
      case '?':
        if (!canShowHelp) return;
        showHelp();
        break;
      default:
        return;
    }
    event.preventDefault();
  });
})();
