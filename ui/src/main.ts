import { mount } from 'svelte';
import './app/i18n';
import App from './app/App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing');
export default mount(App, { target });
