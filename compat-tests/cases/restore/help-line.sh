# desc: a -h line inside -R prints the usage to stdout and exits 0 immediately; later lines are not applied
ipvsadm -R <<'EOF'
-A -t 10.0.0.140:80
-h
-A -t 10.0.0.141:80
EOF
echo "rc=$?"
ipvsadm -Ln
