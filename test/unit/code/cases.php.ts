import type { CodeCase } from './codeCase';

/** php: each line ending in a FINDING comment must be found, and no other line. */
export const PHP_CASES: CodeCase[] = [
  {
    item: 'php.risk.injection',
    file: 'src/Cart.php',
    source: `<?php
$cart = unserialize($_COOKIE['cart']); // FINDING
$prefs = unserialize($_POST['prefs'], ['allowed_classes' => false]); // FINDING
$all = unserialize($_REQUEST); // FINDING
$cached = unserialize($cache->get('cart'));
$cart = json_decode($_COOKIE['cart'], true);
// unserialize($_GET['x']) in a comment
$s = "unserialize($_GET[x])";
`,
  },
];
