// Loaded on every page (as an ES module, so only by browsers that run modules). Marks
// the document so that styles can tell enhanced from plain pages; pages work the same
// without it.
document.documentElement.classList.add('js-enabled');
