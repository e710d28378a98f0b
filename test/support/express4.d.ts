// express4 is Express 4 installed under an npm alias beside Express 5; its API is typed like express.
declare module 'express4' {
  import express from 'express';
  export default express;
}
