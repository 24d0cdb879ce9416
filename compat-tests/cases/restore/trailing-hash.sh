# desc: a trailing "# comment" after a command is an unexpected argument (rc 2) and aborts the restore
ipvsadm -R <<'EOF'
-A -t 10.0.0.220:80
-A -t 10.0.0.221:80 # web
-A -t 10.0.0.222:80
EOF
echo "rc=$?"
ipvsadm -Ln
