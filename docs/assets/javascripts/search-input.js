// Search reacts to text however it is entered, not only to key presses.
//
// Material for MkDocs 9.8 reads the search box on "keyup". Text committed by
// an input method (Chinese pinyin, Japanese kana, a phone's keyboard or voice
// input) or pasted from a menu changes the box with "input" and
// "compositionend" events and no keyup, so the results would stay empty.
// Each such change is forwarded to the search as a keyup of the box. While a
// composition is still open (the reader is picking characters) nothing is sent.
document.addEventListener("input", (event) => {
  if (!event.target.matches?.(".md-search__input") || event.isComposing) return;
  event.target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
}, true);
document.addEventListener("compositionend", (event) => {
  if (!event.target.matches?.(".md-search__input")) return;
  event.target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
}, true);
