// The form fields under the names the study-visit and review pages import; they live in
// Field.tsx, one set of fields for every signed-in form.
export { FieldError, FieldHint as Hint, SelectField, TextArea, TextField } from './Field';
