# desc: a local validation error (fail) inside -R aborts the restore immediately with rc 2; later lines are not applied
ipvsadm -R <<'EOF'
-A -t 10.0.0.120:80
-A -t 10.0.0.121:80 -w 3
-A -t 10.0.0.122:80
EOF
echo "rc=$?"
ipvsadm -R <<'EOF'
-A -t 10.0.0.123:80
-A -t 12345
-A -t 10.0.0.124:80
EOF
echo "rc=$?"
ipvsadm -Ln
