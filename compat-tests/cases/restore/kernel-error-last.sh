# desc: when the last -R line is a kernel error the restore exits 255; earlier successes stay applied
ipvsadm -R <<'EOF'
-A -t 10.0.0.100:80
-A -t 10.0.0.100:80
EOF
echo "rc=$?"
ipvsadm -R <<'EOF'
-A -t 10.0.0.101:80 -s nosuch
EOF
echo "rc=$?"
ipvsadm -Ln
