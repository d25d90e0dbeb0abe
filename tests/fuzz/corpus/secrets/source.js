const token = "ghp_abcdefghijklmnopqrstuvwxyz0123ABCDEF";
x = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig"
