// Pages show times in the zone of the OMBUDS_TZ cookie (UTC without it). Once, this sets it to the browser's own
// zone; a page read with GET that shows times is then shown again at once in that zone.
(function () {
  var script = document.currentScript;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone || !/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) return;
  if (document.cookie.split(/;\s*/).some(function (c) { return c.indexOf('OMBUDS_TZ=') === 0; })) return;
  // Secure as the server's own cookies are when its base URL is https (data-secure), or the page came over https.
  var secure = (script && script.hasAttribute('data-secure')) || location.protocol === 'https:';
  document.cookie = 'OMBUDS_TZ=' + zone + '; path=/; max-age=31536000; samesite=lax' + (secure ? '; secure' : '');
  if (script && script.hasAttribute('data-reload') && zone !== 'UTC') {
    document.addEventListener('DOMContentLoaded', function () {
      if (document.querySelector('time')) location.reload();
    });
  }
})();
